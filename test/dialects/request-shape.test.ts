import type Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECT_NAMES } from '../../src/dialects/all-dialects.js';
import type { DialectName } from '../../src/dialects/dialect.js';
import { buildChunkStream } from '../helpers/build-chunk-stream.js';
import { readJsonFixture } from '../helpers/load-fixture.js';
import { sse } from '../helpers/scripted-backend.js';
import { type StrictPair, startStrictProxy } from '../helpers/start-strict-proxy.js';

/** The backend model each dialect's fixture was written for: one its documentation names. */
const FIXTURE_MODELS: Readonly<Record<DialectName, string>> = {
  generic: 'llama-3.3-70b-instruct',
  openai: 'gpt-5',
  deepseek: 'deepseek-reasoner',
  glm: 'glm-4.6',
  qwen: 'qwen3-max',
  openrouter: 'anthropic/claude-sonnet-4.5',
  vllm: 'openai/gpt-oss-120b',
  sglang: 'zai-org/GLM-4.6',
  ollama: 'gpt-oss:20b',
  lmstudio: 'openai/gpt-oss-20b',
  llamacpp: 'Qwen3-8B-Q4_K_M.gguf',
  groq: 'openai/gpt-oss-120b',
  mistral: 'mistral-large-latest',
  gemini: 'gemini-3-pro-preview',
};

const claudeCodeTurn = readJsonFixture<Anthropic.MessageCreateParamsStreaming>(
  'requests/claude-code-turn.anthropic.json',
);

describe.each(DIALECT_NAMES)('%s: a Claude Code turn through the proxy', (dialect) => {
  let pair: StrictPair;
  beforeAll(async () => {
    pair = await startStrictProxy(dialect, FIXTURE_MODELS[dialect]);
  });
  afterAll(() => pair.close());

  it(`${dialect}: sends the body in claude-code-request.openai.json, which the strict backend accepts`, async () => {
    pair.backend.enqueue(sse(buildChunkStream([{ text: 'Fixed: sum() now adds.' }])));
    const message = await pair.proxy.client.messages.stream(claudeCodeTurn).finalMessage();

    expect(pair.backend.rejections).toEqual([]);
    expect(message.content).toEqual([{ type: 'text', text: 'Fixed: sum() now adds.' }]);
    expect(pair.backend.requests[0]!.body).toEqual(
      readJsonFixture(`${dialect}/claude-code-request.openai.json`),
    );
  });
});
