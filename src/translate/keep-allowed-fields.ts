import type { Dialect, OptionalRequestField } from '../dialects/dialect.js';
import type { OpenAIChatRequest } from '../wire/openai.js';

/**
 * Removes every top-level field the dialect does not list. The translator sets what it
 * can express; this is the single gate that decides what a backend receives, so a field
 * one backend needs can never leak to another that rejects it.
 */
export function keepAllowedFields(
  body: OpenAIChatRequest,
  dialect: Pick<Dialect, 'requestFields' | 'label'>,
  warnings: string[],
): OpenAIChatRequest {
  for (const key of Object.keys(body) as (keyof OpenAIChatRequest)[]) {
    if (key === 'model' || key === 'messages') continue;
    if (dialect.requestFields.has(key as OptionalRequestField)) continue;
    warnings.push(`left out ${key}: ${dialect.label} does not take it`);
    delete body[key];
  }
  return body;
}
