import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { completion, json, type ScriptedBackend, startScriptedBackend } from '../helpers/scripted-backend.js';
import { startProxy, type TestProxy } from '../helpers/start-proxy.js';

let backend: ScriptedBackend;
let proxy: TestProxy;

beforeAll(async () => {
  backend = await startScriptedBackend();
  proxy = await startProxy({ OPENAI_BASE_URL: backend.baseUrl, OPENAI_API_KEY: 'sk-backend-secret' });
});
afterAll(async () => {
  await proxy.close();
  await backend.close();
});
afterEach(() => {
  backend.requests.length = 0;
});

describe('POST /v1/messages through the official SDK', () => {
  it('returns the backend text as a text block and echoes the client model', async () => {
    backend.enqueue(completion({ content: 'Hello there' }));
    const message = await proxy.client.messages.create({
      model: 'claude-opus-4-8',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(message.model).toBe('claude-opus-4-8');
    expect(message.id).toMatch(/^msg_[0-9A-Za-z]{24}$/);
    expect(message.content).toEqual([{ type: 'text', text: 'Hello there', citations: null }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(backend.requests[0]?.body).toMatchObject({ model: 'backend-model', max_tokens: 100 });
    expect(backend.requests[0]?.url).toBe('/v1/chat/completions');
    expect(backend.requests[0]?.headers.authorization).toBe('Bearer sk-backend-secret');
  });

  it('returns 429 rate_limit_error and keeps retry-after when the backend rate-limits', async () => {
    backend.enqueue(json(429, { error: { message: 'slow down' } }, { 'retry-after': '7' }));
    const response = await fetch(`${proxy.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-x', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    const body = (await response.json()) as { error: { message: string } };
    expect(body).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    expect(body.error.message).toContain('slow down');
  });
});
