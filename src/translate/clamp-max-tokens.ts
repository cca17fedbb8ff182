import type { Dialect, ModelLimit } from '../dialects/dialect.js';

export interface ClampMaxTokensOptions {
  model: string;
  dialect: Pick<Dialect, 'modelLimits'>;
  /** MAX_OUTPUT_TOKENS, the operator's cap for every backend model. */
  operatorCap: number | undefined;
  /**
   * The model's limits as the proxy knows them (config, backend, built-in table); when
   * given, they stand instead of the dialect's table, which they already include.
   */
  known?: Pick<ModelLimit, 'maxOutputTokens' | 'contextWindow'> | undefined;
  /** Called only when the model's context window is known. */
  estimateInputTokens: () => number;
  warnings: string[];
}

/**
 * Below this the answer would be too short to be useful; if the context is that full the
 * backend's own context-length error (which Claude Code answers by compacting) is better
 * than a uselessly short answer.
 */
const MIN_OUTPUT_TOKENS = 1_024;

/**
 * The output-token limit to send. Claude Code asks for 32K–128K; many backends refuse
 * more than their model's cap, and some (DeepSeek) refuse input plus max_tokens beyond
 * the context window. So the request's value is lowered to the operator's cap, the
 * model's output cap and the room the estimated input leaves in its context window.
 */
export function clampMaxTokens(requested: number, options: ClampMaxTokensOptions): number {
  const { warnings } = options;
  let limit = requested;
  const lower = (value: number | undefined, why: string) => {
    if (value === undefined || value >= limit) return;
    warnings.push(`lowered max_tokens from ${limit} to ${value}: ${why}`);
    limit = value;
  };
  lower(options.operatorCap, 'MAX_OUTPUT_TOKENS');
  const known = options.known ?? findModelLimit(options.dialect.modelLimits, options.model);
  lower(known?.maxOutputTokens, `output limit of ${options.model}`);
  if (known?.contextWindow !== undefined) {
    const room = known.contextWindow - options.estimateInputTokens();
    lower(
      Math.max(room, Math.min(limit, MIN_OUTPUT_TOKENS)),
      `room left in the ${known.contextWindow}-token context`,
    );
  }
  return limit;
}

export function findModelLimit(limits: readonly ModelLimit[], model: string): ModelLimit | undefined {
  return limits.find((limit) => limit.model.test(model));
}
