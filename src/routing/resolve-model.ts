import type { Config } from '../config/config.js';
import { InvalidRequestError } from '../errors.js';

export interface ResolvedModel {
  /** What the client asked for; responses echo it. */
  clientModel: string;
  /** What the backend is asked for. */
  backendModel: string;
}

/**
 * Claude model names go to the configured backend model; any other name passes through,
 * so a client can pick a backend model directly (`--model deepseek-chat`).
 */
export function resolveModel(config: Pick<Config, 'model'>, clientModel: string): ResolvedModel {
  if (!isClaudeModel(clientModel)) return { clientModel, backendModel: clientModel };
  if (config.model) return { clientModel, backendModel: config.model };
  throw new InvalidRequestError(
    `No backend model is configured for "${clientModel}": set OPENAI_MODEL to a model your backend serves`,
  );
}

export function isClaudeModel(model: string): boolean {
  return model.startsWith('claude') || model.startsWith('anthropic');
}
