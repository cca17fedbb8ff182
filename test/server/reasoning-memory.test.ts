import { describe, expect, it } from 'vitest';
import { createReasoningMemory } from '../../src/server/reasoning-memory.js';

const turn = (reasoning: string) => ({ reasoning, state: {} });
const call = (id: string, inputJson = '{}') => ({ id, name: 'Read', inputJson });

describe('createReasoningMemory', () => {
  it('recalls a turn by any of its tool calls', () => {
    const memory = createReasoningMemory().forClient(['key-a']);
    const planned = turn('Plan.');
    memory.remember({ toolCalls: [call('a'), call('b')], turn: planned });
    expect(memory.recall(call('a'))).toBe(planned);
    expect(memory.recall(call('b'))).toBe(planned);
    expect(memory.recall(call('c'))).toBeUndefined();
  });

  it('recalls only the same call: a reused id with another input or name is another call', () => {
    const memory = createReasoningMemory().forClient([]);
    memory.remember({ toolCalls: [call('call_0', '{"file_path":"a.ts"}')], turn: turn('Plan A.') });
    expect(memory.recall(call('call_0', '{"file_path":"b.ts"}'))).toBeUndefined();
    expect(memory.recall({ ...call('call_0', '{"file_path":"a.ts"}'), name: 'Write' })).toBeUndefined();
    expect(memory.recall(call('call_0', '{"file_path":"a.ts"}'))?.reasoning).toBe('Plan A.');
  });

  it("never gives one client another client's reasoning", () => {
    const shared = createReasoningMemory();
    shared.forClient(['key-a']).remember({ toolCalls: [call('call_0')], turn: turn('Secret plan.') });
    expect(shared.forClient(['key-b']).recall(call('call_0'))).toBeUndefined();
    expect(shared.forClient([]).recall(call('call_0'))).toBeUndefined();
    expect(shared.forClient(['key-a']).recall(call('call_0'))?.reasoning).toBe('Secret plan.');
  });

  it('ignores an answer with nothing to remember', () => {
    const memory = createReasoningMemory().forClient([]);
    memory.remember(undefined);
    expect(memory.recall(call('a'))).toBeUndefined();
  });

  it('forgets the least recently used calls beyond its size', () => {
    const memory = createReasoningMemory({ maxToolCalls: 2, maxReasoningChars: 1_000 }).forClient([]);
    memory.remember({ toolCalls: [call('a')], turn: turn('1') });
    memory.remember({ toolCalls: [call('b')], turn: turn('2') });
    memory.recall(call('a'));
    memory.remember({ toolCalls: [call('c')], turn: turn('3') });
    expect(memory.recall(call('b'))).toBeUndefined();
    expect(memory.recall(call('a'))?.reasoning).toBe('1');
    expect(memory.recall(call('c'))?.reasoning).toBe('3');
  });

  it('keeps its reasoning text under the character budget, counting a shared turn once', () => {
    const memory = createReasoningMemory({ maxToolCalls: 100, maxReasoningChars: 10 }).forClient([]);
    memory.remember({ toolCalls: [call('a'), call('b'), call('c')], turn: turn('x'.repeat(6)) });
    expect(memory.recall(call('c'))?.reasoning).toHaveLength(6);
    // 6 + 4 fits the budget exactly.
    memory.remember({ toolCalls: [call('d')], turn: turn('y'.repeat(4)) });
    memory.remember({ toolCalls: [call('e')], turn: turn('z'.repeat(4)) });
    // 6 + 4 + 4 > 10: the oldest turn goes, all of its calls with it.
    expect(['a', 'b', 'c'].map((id) => memory.recall(call(id)))).toEqual([undefined, undefined, undefined]);
    expect(memory.recall(call('d'))?.reasoning).toBe('yyyy');
    expect(memory.recall(call('e'))?.reasoning).toBe('zzzz');
  });
});
