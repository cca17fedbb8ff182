import { describe, expect, it } from 'vitest';
import { answerEveryRequest } from '../helpers/answer-every-request.js';
import { buildPng } from '../helpers/build-image.js';
import { captureLogLines } from '../helpers/capture-log-lines.js';
import { readJsonFixture } from '../helpers/load-fixture.js';
import { messagesBody, postMessages } from '../helpers/post-messages.js';
import {
  completion,
  json,
  type RecordedRequest,
  type Reply,
  startScriptedBackend,
} from '../helpers/scripted-backend.js';
import { startProxy } from '../helpers/start-proxy.js';
import { useProxyAndBackend } from '../helpers/use-proxy-and-backend.js';
import { writeConfigFile } from '../helpers/write-config-file.js';

/**
 * The proxy reads each backend's published model facts at start-up and acts on them: a
 * prompt over the window is refused before the backend is asked, max_tokens is lowered to
 * the published output cap, images to a text-only model become a note, and the models
 * endpoint reports the limits. Every backend here is a real HTTP server on 127.0.0.1.
 */

const harness = useProxyAndBackend();

/** Answers model-list requests with a fixture and chat completions with a short answer. */
function serveModelsAndChat(listPath: string, fixture: string): (request: RecordedRequest) => Reply {
  return (request) =>
    request.method === 'GET' && request.url === listPath
      ? json(200, readJsonFixture(`model-facts/${fixture}`))
      : completion({ content: 'ok' });
}

function chatRequests(requests: readonly RecordedRequest[]): RecordedRequest[] {
  return requests.filter((request) => request.url === '/v1/chat/completions');
}

/** About 60,000 tokens of prose: far over a 32K window, far under nothing. */
const LONG_TEXT = 'The quick brown fox jumps over the lazy dog near the river bank. '.repeat(5_000);

describe('model facts a vLLM server publishes', () => {
  async function startVllm(extra: Record<string, string> = {}) {
    const pair = await harness.start(
      { OPENAI_PROVIDER: 'vllm', OPENAI_MODEL: 'Qwen/Qwen3-8B', ...extra },
      { modelDiscovery: true },
    );
    answerEveryRequest(pair.backend, serveModelsAndChat('/v1/models', 'vllm.models.json'));
    return pair;
  }

  it('answers a prompt over the published 32768-token window with prompt is too long, without a chat call', async () => {
    const { backend, proxy } = await startVllm();
    const response = await postMessages(
      proxy.url,
      messagesBody({ messages: [{ role: 'user', content: LONG_TEXT }] }),
    );
    const body = (await response.json()) as { type: string; error: { type: string; message: string } };
    expect(response.status).toBe(400);
    expect(body.type).toBe('error');
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/^prompt is too long: \d+ tokens > 32768 maximum$/);
    const counted = Number(/: (\d+) tokens/.exec(body.error.message)![1]);
    expect(counted).toBeGreaterThan(36_045);
    expect(backend.requests.map((request) => `${request.method} ${request.url}`)).toEqual(['GET /v1/models']);
  });

  it('passes a prompt that fits the window to the backend', async () => {
    const { backend, proxy } = await startVllm();
    const response = await postMessages(proxy.url, messagesBody({ max_tokens: 64_000 }));
    expect(response.status).toBe(200);
    const sent = chatRequests(backend.requests)[0]?.body as { max_tokens?: number } | undefined;
    // Lowered to what the 32768-token window leaves after the prompt.
    expect(sent?.max_tokens).toBeLessThan(32_768);
    expect(sent?.max_tokens).toBeGreaterThan(32_000);
  });

  it('reports the window as max_input_tokens on GET /v1/models', async () => {
    const { proxy } = await startVllm();
    // The first read is in flight at start-up; a message request waits for it, the catalog does not.
    await proxy.server.context.gateway.providers.get('default')!.modelFacts.settle('Qwen/Qwen3-8B', 2_000);
    const response = await fetch(`${proxy.url}/v1/models/claude-opus-4-8`, {
      headers: { 'x-api-key': 'test-client-key' },
    });
    expect(await response.json()).toMatchObject({
      id: 'claude-opus-4-8',
      backend_model: 'Qwen/Qwen3-8B',
      max_input_tokens: 32768,
      max_tokens: null,
    });
    const list = (await (
      await fetch(`${proxy.url}/v1/models?limit=1000`, { headers: { 'x-api-key': 'test-client-key' } })
    ).json()) as { data: Array<{ id: string; max_input_tokens: number | null }> };
    expect(list.data.find((entry) => entry.id === 'Qwen/Qwen3-8B')?.max_input_tokens).toBe(32768);
  });
});

describe('model facts other backends publish', () => {
  it('lowers max_tokens to the output cap OpenRouter publishes for the model', async () => {
    const { backend, proxy } = await harness.start(
      { OPENAI_PROVIDER: 'openrouter', OPENAI_MODEL: 'google/gemini-2.5-flash' },
      { modelDiscovery: true },
    );
    answerEveryRequest(backend, serveModelsAndChat('/v1/models', 'openrouter.models.json'));
    const response = await postMessages(proxy.url, messagesBody({ max_tokens: 100_000 }));
    expect(response.status).toBe(200);
    expect(chatRequests(backend.requests)[0]?.body).toMatchObject({ max_tokens: 65535 });
  });

  it('asks Ollama for each routed model and refuses a prompt over the num_ctx its Modelfile sets', async () => {
    const { backend, proxy } = await harness.start(
      { OPENAI_PROVIDER: 'ollama', OPENAI_MODEL: 'gemma3-8k' },
      { modelDiscovery: true },
    );
    answerEveryRequest(backend, (request) =>
      request.method === 'POST' && request.url === '/api/show'
        ? json(200, readJsonFixture('model-facts/ollama-gemma3-num-ctx.show.json'))
        : completion({ content: 'ok' }),
    );
    const tooLong = messagesBody({ messages: [{ role: 'user', content: LONG_TEXT.slice(0, 60_000) }] });
    const response = await postMessages(proxy.url, tooLong);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /^prompt is too long: \d+ tokens > 8192 maximum$/,
    );
    expect(backend.requests.map((request) => [request.url, request.body])).toEqual([
      ['/api/show', { model: 'gemma3-8k' }],
    ]);
  });

  it('turns an image sent to a text-only model LM Studio lists into a note', async () => {
    const { backend, proxy } = await harness.start(
      { OPENAI_PROVIDER: 'lmstudio', OPENAI_MODEL: 'meta-llama-3.1-8b-instruct' },
      { modelDiscovery: true },
    );
    answerEveryRequest(backend, serveModelsAndChat('/api/v0/models', 'lmstudio.models.json'));
    const image = { type: 'base64', media_type: 'image/png', data: buildPng(2, 2) };
    const response = await postMessages(
      proxy.url,
      messagesBody({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is in this picture?' },
              { type: 'image', source: image },
            ],
          },
        ],
      }),
    );
    expect(response.status).toBe(200);
    const sent = JSON.stringify(chatRequests(backend.requests)[0]?.body);
    expect(sent).not.toContain('image_url');
    expect(sent).toContain('[image not shown: meta-llama-3.1-8b-instruct does not accept this image]');
  });

  it('sends the image to a vision model LM Studio lists', async () => {
    const { backend, proxy } = await harness.start(
      { OPENAI_PROVIDER: 'lmstudio', OPENAI_MODEL: 'qwen2-vl-7b-instruct' },
      { modelDiscovery: true },
    );
    answerEveryRequest(backend, serveModelsAndChat('/api/v0/models', 'lmstudio.models.json'));
    const image = { type: 'base64', media_type: 'image/png', data: buildPng(2, 2) };
    const response = await postMessages(
      proxy.url,
      messagesBody({ messages: [{ role: 'user', content: [{ type: 'image', source: image }] }] }),
    );
    expect(response.status).toBe(200);
    expect(JSON.stringify(chatRequests(backend.requests)[0]?.body)).toContain('image_url');
  });

  it('reports a failing model list once, however often the refresh fails, and serves requests meanwhile', async () => {
    const logs = captureLogLines();
    const { backend, proxy } = await harness.start(
      { OPENAI_PROVIDER: 'vllm', OPENAI_MODEL: 'Qwen/Qwen3-8B' },
      { modelDiscovery: true, logDestination: logs.destination },
    );
    answerEveryRequest(backend, (request) =>
      request.url === '/v1/models'
        ? json(503, { error: { message: 'loading' } })
        : completion({ content: 'ok' }),
    );
    const facts = proxy.server.context.gateway.providers.get('default')!.modelFacts;
    await facts.refresh();
    await facts.refresh();
    expect((await postMessages(proxy.url, messagesBody())).status).toBe(200);
    const reports = logs
      .entries()
      .filter((entry) => String(entry.msg).includes('could not read model facts'));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ level: 40 });
    expect(String(reports[0]!.msg)).toContain('GET /v1/models (HTTP 503)');
    expect(facts.get('Qwen/Qwen3-8B').contextWindow).toBeUndefined();
  });
});

describe('model facts and routes', () => {
  it('sends a prompt over the window to the long_context route instead of refusing it', async () => {
    const backend = await startScriptedBackend();
    answerEveryRequest(backend, serveModelsAndChat('/v1/models', 'vllm.models.json'));
    const path = writeConfigFile(
      [
        'providers:',
        '  small:',
        `    base_url: ${backend.baseUrl}`,
        '    dialect: vllm',
        '  big:',
        `    base_url: ${backend.baseUrl}`,
        '    model_info:',
        '      big-model: { context_window: 1000000 }',
        'routes:',
        '  default: small/Qwen/Qwen3-8B',
        '  long_context: { threshold: 900000, to: big/big-model }',
      ].join('\n'),
    );
    const configured = await startProxy({ INFINIPROXY_CONFIG: path }, { modelDiscovery: true });
    try {
      const response = await postMessages(
        configured.url,
        messagesBody({ messages: [{ role: 'user', content: LONG_TEXT }] }),
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('x-infiniproxy-provider')).toBe('big');
      expect(
        chatRequests(backend.requests).map((request) => (request.body as { model: string }).model),
      ).toEqual(['big-model']);
    } finally {
      await configured.close();
      await backend.close();
    }
  });

  it('lets model_info in the config file overrule the window the backend publishes', async () => {
    const backend = await startScriptedBackend();
    answerEveryRequest(backend, serveModelsAndChat('/v1/models', 'vllm.models.json'));
    const path = writeConfigFile(
      [
        'providers:',
        '  local:',
        `    base_url: ${backend.baseUrl}`,
        '    dialect: vllm',
        '    model_info:',
        '      Qwen/Qwen3-8B: { context_window: 262144, vision: false }',
        'routes:',
        '  default: local/Qwen/Qwen3-8B',
      ].join('\n'),
    );
    const configured = await startProxy({ INFINIPROXY_CONFIG: path }, { modelDiscovery: true });
    try {
      const response = await postMessages(
        configured.url,
        messagesBody({ messages: [{ role: 'user', content: LONG_TEXT }] }),
      );
      expect(response.status).toBe(200);
      const facts = configured.server.context.gateway.providers.get('local')!.modelFacts.get('Qwen/Qwen3-8B');
      expect(facts.contextWindow).toEqual({ value: 262144, source: 'config' });
      expect(facts.vision).toEqual({ value: false, source: 'config' });
    } finally {
      await configured.close();
      await backend.close();
    }
  });

  it('sends images for a model known not to see them to the image route', async () => {
    const backend = await startScriptedBackend();
    answerEveryRequest(backend, () => completion({ content: 'ok' }));
    const path = writeConfigFile(
      [
        'providers:',
        '  local:',
        `    base_url: ${backend.baseUrl}`,
        '    model_info:',
        '      coder: { vision: false }',
        '  eyes:',
        `    base_url: ${backend.baseUrl}`,
        'routes:',
        '  default: local/coder',
        '  image: eyes/vision-model',
        '  models:',
        '    fast: local/coder',
      ].join('\n'),
    );
    const configured = await startProxy({ INFINIPROXY_CONFIG: path });
    try {
      const image = { type: 'base64', media_type: 'image/png', data: buildPng(2, 2) };
      const withImage = messagesBody({
        model: 'fast',
        messages: [{ role: 'user', content: [{ type: 'image', source: image }] }],
      });
      const response = await postMessages(configured.url, withImage);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-infiniproxy-provider')).toBe('eyes');
      // Without images the named route keeps the request.
      expect((await postMessages(configured.url, messagesBody({ model: 'fast' }))).status).toBe(200);
      expect(
        chatRequests(backend.requests).map((request) => (request.body as { model: string }).model),
      ).toEqual(['vision-model', 'coder']);
    } finally {
      await configured.close();
      await backend.close();
    }
  });
});
