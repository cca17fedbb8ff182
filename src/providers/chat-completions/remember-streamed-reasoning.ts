import type { ClientReasoningMemory } from '../../server/reasoning-memory.js';
import { createTurnReasoningCollector } from '../../translate/collect-turn-reasoning.js';
import type { AnthropicStreamEvent } from '../../translate/create-stream-translator.js';
import type { StreamConverter } from './create-stream-converter.js';

/**
 * Lets the reasoning memory watch a stream: once the answer ends with message_stop, the
 * reasoning behind its tool calls is remembered. A stream that fails is not, since the
 * client will not send its tool calls back. Without a memory the converter is returned as is.
 */
export function rememberStreamedReasoning(
  converter: StreamConverter,
  memory: ClientReasoningMemory | undefined,
): StreamConverter {
  if (!memory) return converter;
  const collector = createTurnReasoningCollector();
  const watch = (events: AnthropicStreamEvent[]) => {
    collector.observe(events);
    if (events.at(-1)?.type === 'message_stop') memory.remember(collector.result());
    return events;
  };
  return {
    get finished() {
      return converter.finished;
    },
    get started() {
      return converter.started;
    },
    get failure() {
      return converter.failure;
    },
    start: () => watch(converter.start()),
    push: (bytes) => watch(converter.push(bytes)),
    end: () => watch(converter.end()),
    fail: (error) => watch(converter.fail(error)),
  };
}
