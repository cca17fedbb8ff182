import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildChunkStream } from '../helpers/build-chunk-stream.js';
import { buildPng } from '../helpers/build-image.js';
import { captureLogLines } from '../helpers/capture-log-lines.js';
import { readJsonFixture } from '../helpers/load-fixture.js';
import { postMessages } from '../helpers/post-messages.js';
import {
  completion,
  json,
  type ScriptedBackend,
  sse,
  startScriptedBackend,
} from '../helpers/scripted-backend.js';
import { chain, startGateway, type TestGateway } from '../helpers/start-gateway.js';

/**
 * A Claude Code turn mid tool loop (system prompt, tools, history, adaptive thinking,
 * streamed), without the screenshot the fixture carries: each case below adds what its route
 * looks for.
 */
const claudeCodeTurn = withoutImages(
  readJsonFixture<Record<string, unknown>>('requests/claude-code-turn.anthropic.json'),
);

function withoutImages(body: Record<string, unknown>): Record<string, unknown> {
  const messages = (body.messages as Array<{ role: string; content: unknown }>).map((message) => ({
    ...message,
    content: Array.isArray(message.content)
      ? message.content.filter((block: { type?: string }) => block.type !== 'image')
      : message.content,
  }));
  return { ...body, messages };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Fleet {
  proxy: TestGateway;
  backends: Record<'main' | 'fast' | 'thinker' | 'vision' | 'long', ScriptedBackend>;
}

async function startFleet(
  logDestination?: ReturnType<typeof captureLogLines>['destination'],
): Promise<Fleet> {
  const names = ['main', 'fast', 'thinker', 'vision', 'long'] as const;
  const started = await Promise.all(names.map(() => startScriptedBackend()));
  cleanups.push(async () => {
    for (const backend of started) await backend.close();
  });
  const backends = Object.fromEntries(
    names.map((name, index) => [name, started[index]!]),
  ) as Fleet['backends'];
  const proxy = await startGateway({
    providers: Object.fromEntries(names.map((name) => [name, backends[name].baseUrl])),
    routes: {
      models: { quick: chain('fast/fast-model') },
      longContext: { threshold: 50_000, chain: chain('long/long-model') },
      image: chain('vision/vision-model'),
      thinking: chain('thinker/thinker-model'),
      families: { haiku: chain('fast/fast-model') },
      default: chain('main/main-model'),
    },
    ...(logDestination ? { logDestination } : {}),
  });
  cleanups.push(() => proxy.close());
  return { proxy, backends };
}

function answerEverywhere(fleet: Fleet): void {
  for (const backend of Object.values(fleet.backends)) {
    backend.enqueue(sse(buildChunkStream([{ text: 'ok' }])), completion({ content: 'ok' }));
  }
}

/** Which backend received the one request sent, and the model it was asked for. */
function receiver(fleet: Fleet): { name: string; model: unknown } {
  const hits = Object.entries(fleet.backends).filter(([, backend]) => backend.requests.length > 0);
  expect(hits).toHaveLength(1);
  const [name, backend] = hits[0]!;
  const model = (backend.requests[0]!.body as { model?: unknown }).model;
  for (const other of Object.values(fleet.backends)) other.requests.length = 0;
  return { name, model };
}

const withoutThinking = (body: Record<string, unknown>) => {
  const { thinking: _thinking, output_config: _effort, ...rest } = body;
  return rest;
};
const padding = 'lorem ipsum dolor sit amet '.repeat(12_000);
const imageBlock = {
  type: 'image',
  source: { type: 'base64', media_type: 'image/png', data: buildPng(4, 4) },
};

describe('routes over HTTP with a Claude Code turn', () => {
  it('sends each kind of request to the provider and model its route names', async () => {
    const fleet = await startFleet();
    answerEverywhere(fleet);
    const cases: Array<[string, Record<string, unknown>, string, string]> = [
      ['a thinking turn', claudeCodeTurn, 'thinker', 'thinker-model'],
      ['a plain opus turn', withoutThinking(claudeCodeTurn), 'main', 'main-model'],
      [
        'a background haiku call',
        { ...withoutThinking(claudeCodeTurn), model: 'claude-haiku-4-5-20251001' },
        'fast',
        'fast-model',
      ],
      ['a routes.models name', { ...claudeCodeTurn, model: 'quick' }, 'fast', 'fast-model'],
      [
        'provider/model in the model field',
        { ...claudeCodeTurn, model: 'vision/any-model' },
        'vision',
        'any-model',
      ],
      [
        'a screenshot in a tool result',
        {
          ...claudeCodeTurn,
          messages: [
            ...(claudeCodeTurn.messages as unknown[]),
            {
              role: 'assistant',
              content: [{ type: 'tool_use', id: 'toolu_shot', name: 'Screenshot', input: {} }],
            },
            {
              role: 'user',
              content: [{ type: 'tool_result', tool_use_id: 'toolu_shot', content: [imageBlock] }],
            },
          ],
        },
        'vision',
        'vision-model',
      ],
      [
        'a long session',
        {
          ...claudeCodeTurn,
          messages: [{ role: 'user', content: padding }, ...(claudeCodeTurn.messages as unknown[]).slice(1)],
        },
        'long',
        'long-model',
      ],
    ];
    for (const [label, body, provider, model] of cases) {
      const response = await postMessages(fleet.proxy.url, body);
      expect(response.status, label).toBe(200);
      await response.text();
      expect(receiver(fleet), label).toEqual({ name: provider, model });
      expect(response.headers.get('x-infiniproxy-provider'), label).toBe(provider);
      expect(response.headers.get('x-infiniproxy-model'), label).toBe(model);
    }
  });

  it('lists routes.models names and provider/model on GET /v1/models', async () => {
    const fleet = await startFleet();
    const listing = (await (await fetch(`${fleet.proxy.url}/v1/models?limit=1000`)).json()) as {
      data: Array<{ id: string; backend_model: string; provider: string }>;
    };
    const ids = listing.data.map((entry) => entry.id);
    expect(ids).toContain('claude-opus-4-8');
    expect(ids).toEqual(
      expect.arrayContaining(['quick', 'main/main-model', 'fast/fast-model', 'long/long-model']),
    );
    expect(listing.data.find((entry) => entry.id === 'claude-haiku-4-5')).toMatchObject({
      backend_model: 'fast-model',
      provider: 'fast',
    });
  });

  it('logs the route, the provider, the backend model and every attempt', async () => {
    const logs = captureLogLines();
    const fleet = await startFleet(logs.destination);
    fleet.backends.fast.enqueue(json(503, { error: { message: 'busy' } }), completion({ content: 'ok' }));
    const response = await postMessages(fleet.proxy.url, {
      ...withoutThinking(claudeCodeTurn),
      model: 'claude-haiku-4-5',
      stream: false,
    });
    expect(response.status).toBe(200);
    await vi.waitFor(() =>
      expect(logs.entries().find((entry) => entry.msg === 'request completed')).toMatchObject({
        clientModel: 'claude-haiku-4-5',
        route: 'haiku',
        provider: 'fast',
        backendModel: 'fast-model',
        attempts: 2,
        tried: 'fast/fast-model:UPSTREAM_STATUS 503, fast/fast-model:ok',
      }),
    );
  });
});
