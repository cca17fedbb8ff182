import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeReasoningSignature,
  encodeReasoningSignature,
} from '../../../src/translate/carry-reasoning-state.js';
import { listAllFixtureCases, readFixtureEnv, readTextFixture } from '../../helpers/load-fixture.js';
import { normalizeStreamIds } from '../../helpers/normalize-stream-ids.js';
import { parseAnthropicSse } from '../../helpers/parse-anthropic-sse.js';
import { messagesBody, postMessages } from '../../helpers/post-messages.js';
import {
  type ScriptedBackend,
  type SseWriteMode,
  sse,
  startScriptedBackend,
} from '../../helpers/scripted-backend.js';
import { startProxy, type TestProxy } from '../../helpers/start-proxy.js';
import { validateAnthropicStream } from '../../helpers/validate-anthropic-stream.js';

let backend: ScriptedBackend;
/** One proxy per set of `env:` header settings, all in front of the one backend. */
const proxies = new Map<string, Promise<TestProxy>>();

function proxyFor(env: Record<string, string>): Promise<TestProxy> {
  const key = JSON.stringify(env);
  let proxy = proxies.get(key);
  if (!proxy) {
    proxy = startProxy({ ...env, OPENAI_BASE_URL: backend.baseUrl });
    proxies.set(key, proxy);
  }
  return proxy;
}

beforeAll(async () => {
  backend = await startScriptedBackend();
});
afterAll(async () => {
  for (const proxy of proxies.values()) await (await proxy).close();
  await backend.close();
});

const modes: SseWriteMode[] = ['whole', 'byte-per-write', 'crlf'];

describe.each(listAllFixtureCases('.openai.sse'))('%s through the proxy over HTTP', (name) => {
  const upstream = readTextFixture(`${name}.openai.sse`);
  const env = readFixtureEnv(upstream);
  const expected = parseAnthropicSse(readTextFixture(`${name}.anthropic.sse`)).map((frame) => frame.data);

  it.each(modes)('sends the expected Anthropic stream when the backend writes %s', async (mode) => {
    const proxy = await proxyFor(env);
    backend.enqueue(sse(upstream, mode));
    const response = await postMessages(proxy.url, messagesBody({ stream: true, stop_sequences: ['###'] }));
    expect(response.status).toBe(200);
    const events = validateAnthropicStream(await response.text());
    expect(withoutProviderName(normalizeStreamIds(events))).toEqual(expected);
  });
});

/**
 * The fixtures pin the translation; through the proxy, a backend's error also names the
 * provider it came from, and carried reasoning the provider and model that wrote it, which
 * a fixture cannot know.
 */
function withoutProviderName(events: unknown[]): unknown[] {
  const named = JSON.parse(JSON.stringify(events).replaceAll(' (provider default)', '')) as unknown[];
  for (const event of named) {
    const delta = (event as { delta?: { type?: string; signature?: string } }).delta;
    if (delta?.type !== 'signature_delta' || !delta.signature) continue;
    const state = decodeReasoningSignature(delta.signature, 'default/backend-model');
    expect(state?.origin).toBe('default/backend-model');
    delete state?.origin;
    delta.signature = encodeReasoningSignature(state ?? {});
  }
  return named;
}
