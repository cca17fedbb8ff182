import { describe, expect, it } from 'vitest';
import { ProxyError } from '../../src/errors.js';
import { convertEventsToMessage } from '../../src/translate/convert-events-to-message.js';
import { convertMessageToEvents } from '../../src/translate/convert-message-to-events.js';
import { toAnthropicUsage } from '../../src/translate/convert-usage.js';
import type { AnthropicMessage } from '../../src/wire/anthropic-response.js';
import { validateAnthropicStream } from '../helpers/validate-anthropic-stream.js';

const message: AnthropicMessage = {
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-x',
  content: [
    { type: 'thinking', thinking: 'plan', signature: '' },
    { type: 'text', text: 'Running it.' },
    { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' }, caller: { type: 'direct' } },
  ],
  stop_reason: 'tool_use',
  stop_sequence: null,
  stop_details: null,
  usage: toAnthropicUsage({
    inputTokens: 10,
    outputTokens: 20,
    cacheReadInputTokens: 5,
    cacheCreationInputTokens: 0,
    thinkingTokens: 4,
  }),
};

describe('convertMessageToEvents and convertEventsToMessage', () => {
  it('replays a complete message as a valid event stream', () => {
    const events = validateAnthropicStream(convertMessageToEvents(message));
    expect(events[0]).toMatchObject({ type: 'message_start', message: { content: [], stop_reason: null } });
    expect(events.at(-2)).toMatchObject({ type: 'message_delta', delta: { stop_reason: 'tool_use' } });
  });

  it('assembles the same message back from its events', () => {
    expect(convertEventsToMessage(convertMessageToEvents(message))).toEqual(message);
  });

  it('throws the reported error when the events end in an error event', () => {
    const events = convertMessageToEvents(message).slice(0, 3);
    const error = (() => {
      try {
        convertEventsToMessage([
          ...events,
          { type: 'error', error: { type: 'overloaded_error', message: 'busy' } },
        ]);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ProxyError);
    expect(error).toMatchObject({ type: 'overloaded_error', status: 529, message: 'busy' });
  });

  it('rejects events that end without message_stop', () => {
    expect(() => convertEventsToMessage(convertMessageToEvents(message).slice(0, -1))).toThrow(
      /before the answer/,
    );
  });
});
