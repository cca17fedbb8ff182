import type { Dialect } from '../dialects/dialect.js';
import { findModelLimit } from '../translate/clamp-max-tokens.js';
import type { PlainModelFacts } from './model-facts.js';

/**
 * What the dialect's own table says about a model. Vision falls back to the dialect's image
 * settings (a backend that reads no images, or one listing the models that see them), and
 * reasoning to the models its reasoning fields are sent to; anything else stays unknown.
 */
export function readBuiltInFacts(
  dialect: Pick<Dialect, 'modelLimits' | 'images' | 'imageModels' | 'reasoning'>,
  model: string,
): PlainModelFacts {
  const limit = findModelLimit(dialect.modelLimits, model);
  const imageRule =
    dialect.images === 'none' ? false : dialect.imageModels ? dialect.imageModels.test(model) : undefined;
  const reasoningRule = dialect.reasoning.models ? dialect.reasoning.models.test(model) : undefined;
  return {
    contextWindow: limit?.contextWindow,
    maxOutputTokens: limit?.maxOutputTokens,
    vision: limit?.vision ?? imageRule,
    tools: limit?.tools,
    reasoning: limit?.reasoning ?? reasoningRule,
  };
}
