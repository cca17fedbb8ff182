import { convertEventsToMessage } from '../../translate/convert-events-to-message.js';
import { convertOpenAIResponse } from '../../translate/convert-openai-response.js';
import type { StreamContext } from '../../translate/create-stream-translator.js';
import { parseCompletion } from '../../upstream/parse-completion.js';
import type { AnthropicMessage } from '../../wire/anthropic-response.js';
import { createStreamConverter } from './create-stream-converter.js';

/**
 * Converts a whole backend answer body into a Message. Some backends (Qwen) stream even
 * when asked not to, so an SSE body runs through the stream translator and the Message is
 * assembled from its events; anything else is parsed as a completion.
 */
export function convertCompleteAnswer(
  body: string,
  context: StreamContext,
  provider?: string,
): AnthropicMessage {
  if (!looksLikeSse(body)) return convertOpenAIResponse(parseCompletion(body, provider), context);
  const converter = createStreamConverter(context, provider ? { provider } : {});
  const events = converter.push(Buffer.from(body, 'utf8'));
  for (const event of converter.end()) events.push(event);
  return convertEventsToMessage(events);
}

/** SSE bodies start with a field or a comment; a JSON completion starts with `{`. */
function looksLikeSse(body: string): boolean {
  const start = body.trimStart();
  return start.startsWith('data:') || start.startsWith(':') || start.startsWith('event:');
}
