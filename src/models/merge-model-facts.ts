import { FACT_NAMES, type FactSource, type ModelFacts, type PlainModelFacts } from './model-facts.js';

export interface FactLayer {
  source: FactSource;
  facts: PlainModelFacts | undefined;
}

/**
 * Each fact from the first layer that states it: the config file over what the backend
 * publishes over the built-in table. A source that says nothing about a fact leaves it to the
 * next one, so a config entry naming only the context window keeps the published vision flag.
 */
export function mergeModelFacts(layers: readonly FactLayer[]): ModelFacts {
  const merged: Record<string, { value: number | boolean; source: FactSource }> = {};
  for (const name of FACT_NAMES) {
    for (const layer of layers) {
      const value = layer.facts?.[name];
      if (value === undefined) continue;
      merged[name] = { value, source: layer.source };
      break;
    }
  }
  return merged as ModelFacts;
}
