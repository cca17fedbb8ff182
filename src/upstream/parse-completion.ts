import { UpstreamProtocolError } from '../errors.js';
import type { OpenAIChatResponse } from '../wire/openai.js';
import { createReportedError } from './map-upstream-error.js';

/** Parses a non-streaming Chat Completions body. A backend may answer 200 with an error object instead. */
export function parseCompletion(text: string, provider?: string): OpenAIChatResponse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new UpstreamProtocolError(
      `The backend returned a body that is not JSON: ${text.slice(0, 200)}`,
      cause,
      provider,
    );
  }
  if (typeof value !== 'object' || value === null) {
    throw new UpstreamProtocolError(
      'The backend returned a body that is not a JSON object',
      undefined,
      provider,
    );
  }
  const record = value as Record<string, unknown>;
  if ((record.error !== undefined && record.error !== null) || record.object === 'error') {
    throw createReportedError(text, provider);
  }
  return value as OpenAIChatResponse;
}
