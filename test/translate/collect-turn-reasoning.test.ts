import { describe, expect, it } from 'vitest';
import { encodeReasoningSignature } from '../../src/translate/carry-reasoning-state.js';
import {
  collectTurnReasoning,
  createTurnReasoningCollector,
} from '../../src/translate/collect-turn-reasoning.js';
import type { AnthropicStreamEvent } from '../../src/translate/create-stream-translator.js';

const toolUse = (id: string) => ({
  type: 'tool_use' as const,
  id,
  name: 'Read',
  input: {},
  caller: { type: 'direct' as const },
});

describe('createTurnReasoningCollector', () => {
  it('collects streamed thinking text, decoded signatures and the tool calls that followed', () => {
    const collector = createTurnReasoningCollector();
    const events: AnthropicStreamEvent[] = [
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Read the ' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'config.' } },
      {
        type: 'content_block_delta',
        index: 0,
        delta: {
          type: 'signature_delta',
          signature: encodeReasoningSignature({ toolSignatures: { call_1: 'sig-1' } }),
        },
      },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: toolUse('call_1') },
      {
        type: 'content_block_delta',
        index: 1,
        delta: { type: 'input_json_delta', partial_json: '{"file_path": ' },
      },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '"a.ts"}' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'content_block_start', index: 2, content_block: toolUse('call_2') },
      { type: 'content_block_stop', index: 2 },
    ];
    collector.observe(events.slice(0, 3));
    collector.observe(events.slice(3));
    expect(collector.result()).toEqual({
      toolCalls: [
        { id: 'call_1', name: 'Read', inputJson: '{"file_path":"a.ts"}' },
        { id: 'call_2', name: 'Read', inputJson: '{}' },
      ],
      turn: { reasoning: 'Read the config.', state: { toolSignatures: { call_1: 'sig-1' } } },
    });
  });

  it('has nothing to keep for an answer without tool calls, or without any reasoning', () => {
    const thinkingOnly = createTurnReasoningCollector();
    thinkingOnly.observe([
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Hm.' } },
    ]);
    expect(thinkingOnly.result()).toBeUndefined();
    const toolsOnly = createTurnReasoningCollector();
    toolsOnly.observe([{ type: 'content_block_start', index: 0, content_block: toolUse('call_1') }]);
    expect(toolsOnly.result()).toBeUndefined();
  });
});

describe('collectTurnReasoning', () => {
  it('reads a complete answer the same way, ignoring signatures the proxy did not issue', () => {
    expect(
      collectTurnReasoning([
        { type: 'thinking', thinking: 'Plan.', signature: 'EqQBCkgIARAB' },
        { type: 'text', text: 'Reading.' },
        toolUse('toolu_9'),
      ]),
    ).toEqual({
      toolCalls: [{ id: 'toolu_9', name: 'Read', inputJson: '{}' }],
      turn: { reasoning: 'Plan.', state: {} },
    });
  });
});
