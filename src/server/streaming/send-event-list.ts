import type { FastifyReply } from 'fastify';
import type { AnthropicStreamEvent } from '../../translate/create-stream-translator.js';
import { recordStreamFacts } from '../observability/record-answer-facts.js';
import { encodeStreamEvents } from './encode-stream-events.js';
import { openEventStream } from './open-event-stream.js';

/** Sends an already complete answer as an SSE stream, for a client that asked to stream. */
export function sendEventList(
  reply: FastifyReply,
  events: readonly AnthropicStreamEvent[],
  redact: (text: string) => string,
): void {
  recordStreamFacts(reply.request.facts, events);
  const writer = openEventStream(reply);
  writer.write(encodeStreamEvents(events, reply.request.id, redact));
  writer.end();
}
