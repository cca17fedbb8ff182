import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAllFixtureCases, readTextFixture } from '../../helpers/load-fixture.js';
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
let proxy: TestProxy;

beforeAll(async () => {
  backend = await startScriptedBackend();
  proxy = await startProxy({ OPENAI_BASE_URL: backend.baseUrl });
});
afterAll(async () => {
  await proxy.close();
  await backend.close();
});

const modes: SseWriteMode[] = ['whole', 'byte-per-write', 'crlf'];

describe.each(listAllFixtureCases('.openai.sse'))('%s through the proxy over HTTP', (name) => {
  const upstream = readTextFixture(`${name}.openai.sse`);
  const expected = parseAnthropicSse(readTextFixture(`${name}.anthropic.sse`)).map((frame) => frame.data);

  it.each(modes)('sends the expected Anthropic stream when the backend writes %s', async (mode) => {
    backend.enqueue(sse(upstream, mode));
    const response = await postMessages(proxy.url, messagesBody({ stream: true, stop_sequences: ['###'] }));
    expect(response.status).toBe(200);
    const events = validateAnthropicStream(await response.text());
    expect(withoutProviderName(normalizeStreamIds(events))).toEqual(expected);
  });
});

/**
 * The fixtures pin the translation; through the proxy, a backend's error also names the
 * provider it came from, which a fixture cannot know.
 */
function withoutProviderName(events: unknown[]): unknown[] {
  return JSON.parse(JSON.stringify(events).replaceAll(' (provider default)', '')) as unknown[];
}
