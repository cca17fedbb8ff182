import { UpstreamProtocolError } from '../../errors.js';
import { rewriteStringField } from '../../translate/rewrite-string-field.js';
import type { AnthropicMessage } from '../../wire/anthropic-response.js';

export interface PassedOnMessage {
  /** The backend's body with only `model` changed, to be sent to the client as it is. */
  body: string;
  /** The same message parsed, for logs and metrics. */
  message: AnthropicMessage;
}

/**
 * A whole answer of an Anthropic-compatible backend, passed on: its bytes with the top-level
 * `model` rewritten to the client's, and the message read once for the request's facts.
 */
export function convertCompleteAnthropicAnswer(
  text: string,
  model: string,
  provider?: string,
): PassedOnMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new UpstreamProtocolError('The backend answered with a body that is not JSON', cause, provider);
  }
  if (typeof value !== 'object' || value === null || (value as { type?: unknown }).type !== 'message')
    throw new UpstreamProtocolError(
      'The backend answered with a body that is not a message',
      undefined,
      provider,
    );
  const message = value as AnthropicMessage;
  message.model = model;
  return { body: rewriteStringField(text, ['model'], model) ?? JSON.stringify(message), message };
}
