import { UpstreamProtocolError, UpstreamReportedError } from '../errors.js';
import type { AnthropicMessage } from '../wire/anthropic-response.js';
import type { ResponsesResponse } from '../wire/openai-responses.js';
import { convertEventsToMessage } from './convert-events-to-message.js';
import { createResponsesStreamTranslator } from './create-responses-stream-translator.js';
import type { AnthropicStreamEvent, StreamContext } from './create-stream-translator.js';
import { mapResponsesErrorCode } from './map-responses-status.js';

/**
 * Converts a whole Responses answer into a Message. The answer runs through the stream
 * translator as the done events of its output items, so a streamed and a non-streamed
 * answer cannot come out different. A `failed` answer is the error it reports.
 */
export function convertResponsesResponse(
  response: ResponsesResponse,
  context: StreamContext,
  provider?: string,
): AnthropicMessage {
  if (response.status === 'failed' || response.status === 'cancelled') {
    const mapped = mapResponsesErrorCode(response.error?.code);
    const message = response.error?.message?.trim() || `The response ended with status ${response.status}`;
    throw new UpstreamReportedError(
      mapped.type,
      `Backend error${provider ? ` (provider ${provider})` : ''}: ${message}`,
      mapped.status,
      provider,
    );
  }
  if (!Array.isArray(response.output)) {
    throw new UpstreamProtocolError('The backend returned a response with no output', undefined, provider);
  }
  const translator = createResponsesStreamTranslator(context);
  const events: AnthropicStreamEvent[] = translator.start();
  for (const item of response.output) {
    events.push(...translator.push({ type: 'response.output_item.done', item }));
  }
  const terminal = response.status === 'incomplete' ? 'response.incomplete' : 'response.completed';
  events.push(...translator.push({ type: terminal, response }));
  const reported = translator.reportedError;
  if (reported) {
    throw new UpstreamReportedError(
      reported.type,
      `Backend error${provider ? ` (provider ${provider})` : ''}: ${reported.message}`,
      reported.status,
      provider,
    );
  }
  return convertEventsToMessage(events);
}
