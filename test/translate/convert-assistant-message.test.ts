import { describe, expect, it } from 'vitest';
import { dialectsByName } from '../../src/dialects/all-dialects.js';
import type { Dialect } from '../../src/dialects/dialect.js';
import { encodeReasoningSignature } from '../../src/translate/carry-reasoning-state.js';
import type { TurnReasoning } from '../../src/translate/collect-turn-reasoning.js';
import {
  convertAssistantMessage,
  SKIP_THOUGHT_SIGNATURE,
} from '../../src/translate/convert-assistant-message.js';
import { createToolNameMap } from '../../src/translate/create-tool-name-map.js';
import { toNineAlphanumericId } from '../../src/translate/map-tool-id.js';
import type { AnthropicContentBlock } from '../../src/wire/anthropic-request-schema.js';

function convert(
  blocks: AnthropicContentBlock[],
  dialect: Dialect,
  inCurrentToolLoop = true,
  remembered: Record<string, TurnReasoning> = {},
) {
  const warnings: string[] = [];
  const message = convertAssistantMessage(blocks, {
    dialect,
    toolNames: createToolNameMap(dialect.toolNames, []),
    inCurrentToolLoop,
    warnings,
    recallReasoning: (call) => remembered[call.id],
  });
  return { message, warnings };
}

const thinking = (text: string, signature = ''): AnthropicContentBlock => ({
  type: 'thinking',
  thinking: text,
  signature,
});
const toolUse = (id: string, name = 'Read'): AnthropicContentBlock => ({
  type: 'tool_use',
  id,
  name,
  input: { file_path: 'a.ts' },
});

describe('convertAssistantMessage', () => {
  it('drops reasoning for backends that do not take it back', () => {
    const { message } = convert([thinking('Plan.'), { type: 'text', text: 'Done.' }], dialectsByName.generic);
    expect(message).toEqual({ role: 'assistant', content: 'Done.' });
  });

  it('gives DeepSeek its reasoning_content back inside the current tool loop', () => {
    const { message } = convert([thinking('Read it first.'), toolUse('call_1')], dialectsByName.deepseek);
    expect(message).toMatchObject({ reasoning_content: 'Read it first.', content: null });
    expect(message?.tool_calls).toHaveLength(1);
  });

  it('gives DeepSeek an empty reasoning_content on older turns, which its API requires', () => {
    const { message } = convert(
      [thinking('Old plan.'), { type: 'text', text: 'Hi' }],
      dialectsByName.deepseek,
      false,
    );
    expect(message).toEqual({ role: 'assistant', content: 'Hi', reasoning_content: '' });
  });

  it('gives vLLM and Ollama reasoning back as `reasoning`, only in the current loop', () => {
    for (const dialect of [dialectsByName.vllm, dialectsByName.ollama]) {
      expect(convert([thinking('Plan.'), toolUse('c1')], dialect).message).toMatchObject({
        reasoning: 'Plan.',
      });
      expect(convert([thinking('Plan.'), toolUse('c1')], dialect, false).message).not.toHaveProperty(
        'reasoning',
      );
    }
  });

  it('restores OpenRouter reasoning_details from the signature', () => {
    const details = [{ type: 'reasoning.encrypted', data: 'abc', index: 0 }];
    const { message } = convert(
      [thinking('', encodeReasoningSignature({ details })), toolUse('tool_1')],
      dialectsByName.openrouter,
    );
    expect(message?.reasoning_details).toEqual(details);
  });

  it('puts Gemini thought signatures back on their tool calls', () => {
    const signature = encodeReasoningSignature({ toolSignatures: { call_a: 'sig-a', call_b: 'sig-b' } });
    const { message } = convert(
      [thinking('', signature), toolUse('call_a'), toolUse('call_b')],
      dialectsByName.gemini,
    );
    expect(message?.tool_calls?.map((call) => call.extra_content)).toEqual([
      { google: { thought_signature: 'sig-a' } },
      { google: { thought_signature: 'sig-b' } },
    ]);
  });

  it("uses Gemini's documented stand-in on the first call when the signature is gone", () => {
    const { message } = convert(
      [toolUse('toolu_from_elsewhere'), toolUse('toolu_second')],
      dialectsByName.gemini,
    );
    expect(message?.tool_calls?.[0]?.extra_content).toEqual({
      google: { thought_signature: SKIP_THOUGHT_SIGNATURE },
    });
    expect(message?.tool_calls?.[1]).not.toHaveProperty('extra_content');
  });

  it('never sends thought signatures to other backends', () => {
    const signature = encodeReasoningSignature({ toolSignatures: { call_a: 'sig-a' } });
    const { message } = convert([thinking('', signature), toolUse('call_a')], dialectsByName.generic);
    expect(message?.tool_calls?.[0]).not.toHaveProperty('extra_content');
  });

  it('maps tool ids to nine characters for Mistral, including the ids of signatures', () => {
    const { message } = convert([toolUse('toolu_01abc')], dialectsByName.mistral);
    expect(message?.tool_calls?.[0]?.id).toBe(toNineAlphanumericId('toolu_01abc'));
    expect(message?.tool_calls?.[0]?.id).toMatch(/^[a-zA-Z0-9]{9}$/);
  });

  it('returns undefined for a turn with only thinking, and warns about blocks an assistant cannot send', () => {
    expect(convert([thinking('Only thoughts.')], dialectsByName.deepseek).message).toBeUndefined();
    const { warnings } = convert(
      [
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AA==' } },
        { type: 'text', text: 'x' },
      ],
      dialectsByName.generic,
    );
    expect(warnings).toEqual(['dropped a "image" block from an assistant turn']);
  });

  describe('when the client left its thinking blocks out', () => {
    const remembered: Record<string, TurnReasoning> = {
      call_a: { reasoning: 'Read it first.', state: { toolSignatures: { call_a: 'sig-a' } } },
    };

    it('gives DeepSeek the remembered reasoning_content of the turn that made the call', () => {
      const { message } = convert([toolUse('call_a')], dialectsByName.deepseek, true, remembered);
      expect(message?.reasoning_content).toBe('Read it first.');
    });

    it('gives Gemini the remembered thought signature instead of the stand-in', () => {
      const { message } = convert([toolUse('call_a')], dialectsByName.gemini, true, remembered);
      expect(message?.tool_calls?.[0]?.extra_content).toEqual({ google: { thought_signature: 'sig-a' } });
    });

    it('prefers what the client sent back over the memory', () => {
      const signature = encodeReasoningSignature({ toolSignatures: { call_a: 'sig-from-client' } });
      const { message } = convert(
        [thinking('Client copy.', signature), toolUse('call_a')],
        dialectsByName.gemini,
        true,
        remembered,
      );
      expect(message?.tool_calls?.[0]?.extra_content).toEqual({
        google: { thought_signature: 'sig-from-client' },
      });
      expect(
        convert([thinking('Client copy.'), toolUse('call_a')], dialectsByName.deepseek, true, remembered)
          .message,
      ).toMatchObject({ reasoning_content: 'Client copy.' });
    });
  });
});
