import { InvalidRequestError } from '../../errors.js';
import type { OpenAIChatRequest } from '../../wire/openai.js';

/**
 * Translation drops what a backend cannot take (empty content, unknown blocks). A request
 * left with no message at all would only earn a backend-specific error, so the client gets
 * a clear 400 instead, as the Messages API gives for empty content.
 */
export function assertSendable(body: OpenAIChatRequest): void {
  if (body.messages.length === 0) {
    throw new InvalidRequestError(
      'messages: every message is empty once translated; send at least one message with non-empty content',
    );
  }
}
