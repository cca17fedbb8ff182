/**
 * What the proxy knows about one backend model: how much it reads, how much it writes, and
 * whether it takes images, tools and reasoning. Each fact remembers where it came from, so
 * `infiniproxy models` can say why the proxy believes it.
 */

/** Strongest first: the user's config file, what the backend publishes, the dialect's built-in table. */
export type FactSource = 'config' | 'backend' | 'built-in';

export const FACT_SOURCES: readonly FactSource[] = ['config', 'backend', 'built-in'];

/** The facts as plain values, as each source states them; a missing key is unknown. */
export interface PlainModelFacts {
  /** Input plus output tokens the model can hold. */
  contextWindow?: number | undefined;
  /** The largest output the backend accepts for one answer. */
  maxOutputTokens?: number | undefined;
  vision?: boolean | undefined;
  tools?: boolean | undefined;
  reasoning?: boolean | undefined;
}

export type FactName = keyof PlainModelFacts;

export const FACT_NAMES: readonly FactName[] = [
  'contextWindow',
  'maxOutputTokens',
  'vision',
  'tools',
  'reasoning',
];

export interface Fact<Value> {
  value: Value;
  source: FactSource;
}

/** The facts in effect for one model, each with its source. */
export interface ModelFacts {
  contextWindow?: Fact<number>;
  maxOutputTokens?: Fact<number>;
  vision?: Fact<boolean>;
  tools?: Fact<boolean>;
  reasoning?: Fact<boolean>;
}

/** The values alone, for code that acts on the facts (translation, routing, Claude Code's environment). */
export function factValues(facts: ModelFacts): PlainModelFacts {
  return {
    contextWindow: facts.contextWindow?.value,
    maxOutputTokens: facts.maxOutputTokens?.value,
    vision: facts.vision?.value,
    tools: facts.tools?.value,
    reasoning: facts.reasoning?.value,
  };
}
