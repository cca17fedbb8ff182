import { UpstreamProtocolError } from '../../errors.js';
import { convertEventsToMessage } from '../../translate/convert-events-to-message.js';
import { convertResponsesResponse } from '../../translate/convert-responses-response.js';
import type { StreamContext } from '../../translate/create-stream-translator.js';
import type { AnthropicMessage } from '../../wire/anthropic-response.js';
import type { ResponsesResponse } from '../../wire/openai-responses.js';
import { createResponsesStreamConverter } from './create-stream-converter.js';

/**
 * A whole Responses answer body as a Message: a `response` object, or (from a server that
 * streams whatever it was asked) an event stream run through the stream converter.
 */
export function convertCompleteResponsesAnswer(
  body: string,
  context: StreamContext,
  provider?: string,
): AnthropicMessage {
  const start = body.trimStart();
  if (start.startsWith('data:') || start.startsWith('event:') || start.startsWith(':')) {
    const converter = createResponsesStreamConverter(context, provider ? { provider } : {});
    const events = converter.start();
    events.push(...converter.push(Buffer.from(body, 'utf8')), ...converter.end());
    if (converter.failure) throw converter.failure;
    return convertEventsToMessage(events);
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (cause) {
    throw new UpstreamProtocolError('The backend answered with a body that is not JSON', cause, provider);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UpstreamProtocolError(
      'The backend answered with a body that is not a response object',
      undefined,
      provider,
    );
  return convertResponsesResponse(value as ResponsesResponse, context, provider);
}
