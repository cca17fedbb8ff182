import type { ProxyError } from '../../errors.js';
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
  return new ReasoningWatchingConverter(converter, memory);
}

/** A class, not an object literal with getters: see Mutable. */
class ReasoningWatchingConverter implements StreamConverter {
  private readonly collector = createTurnReasoningCollector();

  constructor(
    private readonly converter: StreamConverter,
    private readonly memory: ClientReasoningMemory,
  ) {}

  get finished(): boolean {
    return this.converter.finished;
  }

  get started(): boolean {
    return this.converter.started;
  }

  get failure(): ProxyError | undefined {
    return this.converter.failure;
  }

  start(): AnthropicStreamEvent[] {
    return this.watch(this.converter.start());
  }

  push(bytes: Uint8Array): AnthropicStreamEvent[] {
    return this.watch(this.converter.push(bytes));
  }

  end(): AnthropicStreamEvent[] {
    return this.watch(this.converter.end());
  }

  fail(error: ProxyError): AnthropicStreamEvent[] {
    return this.watch(this.converter.fail(error));
  }

  private watch(events: AnthropicStreamEvent[]): AnthropicStreamEvent[] {
    this.collector.observe(events);
    if (events.at(-1)?.type === 'message_stop') this.memory.remember(this.collector.result());
    return events;
  }
}
