import { describe, expect, it } from 'vitest';
import { createReasoningMemory } from '../../src/server/reasoning-memory.js';

const turn = (reasoning: string) => ({ reasoning, state: {} });

describe('createReasoningMemory', () => {
  it('recalls a turn by any of its tool call ids', () => {
    const memory = createReasoningMemory();
    const planned = turn('Plan.');
    memory.remember({ toolUseIds: ['a', 'b'], turn: planned });
    expect(memory.recall('a')).toBe(planned);
    expect(memory.recall('b')).toBe(planned);
    expect(memory.recall('c')).toBeUndefined();
  });

  it('ignores an answer with nothing to remember', () => {
    const memory = createReasoningMemory();
    memory.remember(undefined);
    expect(memory.recall('a')).toBeUndefined();
  });

  it('forgets the least recently used calls beyond its size', () => {
    const memory = createReasoningMemory({ maxToolCalls: 2, maxReasoningChars: 1_000 });
    memory.remember({ toolUseIds: ['a'], turn: turn('1') });
    memory.remember({ toolUseIds: ['b'], turn: turn('2') });
    memory.recall('a');
    memory.remember({ toolUseIds: ['c'], turn: turn('3') });
    expect(memory.recall('b')).toBeUndefined();
    expect(memory.recall('a')?.reasoning).toBe('1');
    expect(memory.recall('c')?.reasoning).toBe('3');
  });

  it('keeps its reasoning text under the character budget, counting a shared turn once', () => {
    const memory = createReasoningMemory({ maxToolCalls: 100, maxReasoningChars: 10 });
    memory.remember({ toolUseIds: ['a', 'b', 'c'], turn: turn('x'.repeat(6)) });
    expect(memory.recall('c')?.reasoning).toHaveLength(6);
    // 6 + 4 fits the budget exactly.
    memory.remember({ toolUseIds: ['d'], turn: turn('y'.repeat(4)) });
    memory.remember({ toolUseIds: ['e'], turn: turn('z'.repeat(4)) });
    // 6 + 4 + 4 > 10: the oldest turn goes, all of its calls with it.
    expect(['a', 'b', 'c'].map((id) => memory.recall(id))).toEqual([undefined, undefined, undefined]);
    expect(memory.recall('d')?.reasoning).toBe('yyyy');
    expect(memory.recall('e')?.reasoning).toBe('zzzz');
  });
});
