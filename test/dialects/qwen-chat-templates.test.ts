import type Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import type { DialectName } from '../../src/dialects/dialect.js';
import { buildChunkStream } from '../helpers/build-chunk-stream.js';
import { readJsonFixture } from '../helpers/load-fixture.js';
import { sse } from '../helpers/scripted-backend.js';
import { type StrictPair, startStrictProxy } from '../helpers/start-strict-proxy.js';
import { checkStrictRules } from '../helpers/strict-backend-rules.js';

/**
 * Qwen3.5 and later chat templates raise "System message must be at the beginning." on a
 * late system message, and Claude Code sends mid-conversation system messages, so every
 * such conversation with a self-hosted Qwen3.5+ (vLLM, SGLang, LM Studio, llama.cpp)
 * failed with a 400 on its first tool round.
 */

const claudeCodeTurn = readJsonFixture<Anthropic.MessageCreateParamsStreaming>(
  'requests/claude-code-turn.anthropic.json',
);

let pair: StrictPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

describe('self-hosted Qwen3.5+ chat templates', () => {
  it.each<DialectName>(['vllm', 'sglang', 'lmstudio', 'generic'])(
    '%s: the strict backend refuses a late system message for Qwen3.6 but not for gpt-oss',
    (dialect) => {
      const messages = [
        { role: 'user', content: 'Hi' },
        { role: 'system', content: 'late' },
      ];
      expect(checkStrictRules(dialect, { model: 'Qwen/Qwen3.6-27B', messages })?.rule).toBe(
        'template-system-message-first',
      );
      expect(checkStrictRules(dialect, { model: 'openai/gpt-oss-120b', messages })).toBeUndefined();
    },
  );

  it.each<[DialectName, string]>([
    ['vllm', 'Qwen/Qwen3.6-27B'],
    ['sglang', 'Qwen/Qwen3.5-397B-A17B'],
    ['lmstudio', 'qwen/qwen3.5-35b-a3b'],
    ['generic', 'Qwen3.6-27B-Q4_K_M.gguf'],
  ])('%s: moves the mid-conversation system message into user text for %s', async (dialect, model) => {
    pair = await startStrictProxy(dialect, model);
    pair.backend.enqueue(sse(buildChunkStream([{ text: 'Fixed.' }])));
    await pair.proxy.client.messages.stream(claudeCodeTurn).finalMessage();
    expect(pair.backend.rejections).toEqual([]);
    const messages = (pair.backend.requests[0]!.body as { messages: { role: string; content: unknown }[] })
      .messages;
    expect(messages.filter((message) => message.role === 'system')).toHaveLength(1);
    expect(messages[0]!.role).toBe('system');
    expect(JSON.stringify(messages)).toContain(
      '<system>\\nThe user switched the permission mode to accept edits.\\n</system>',
    );
  });
});
