import Anthropic, { AuthenticationError } from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { messagesBody } from '../../helpers/post-messages.js';
import { completion } from '../../helpers/scripted-backend.js';
import { useSharedProxyAndBackend } from '../../helpers/use-proxy-and-backend.js';

const BACKEND_KEY = 'sk-backend-secret-4242';
const PROXY_KEYS = ['proxy-key-one', 'proxy-key-two'];
const shared = useSharedProxyAndBackend(
  { OPENAI_API_KEY: BACKEND_KEY, PROXY_API_KEY: ` ${PROXY_KEYS.join(' , ')} ` },
  { emptyRequestsAfterEach: true },
);

function post(path: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${shared.proxy.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(messagesBody()),
  });
}

describe('PROXY_API_KEY', () => {
  it('accepts the key as x-api-key (the SDK apiKey) and never forwards it to the backend', async () => {
    shared.backend.enqueue(completion({ content: 'hello' }));
    const message = await shared.proxy.client.messages.create({
      model: 'claude-fixture',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'hello' }]);
    const headers = shared.backend.requests[0]!.headers;
    expect(headers.authorization).toBe(`Bearer ${BACKEND_KEY}`);
    expect(headers['x-api-key']).toBeUndefined();
    expect(JSON.stringify(headers)).not.toContain('proxy-key');
  });

  it('accepts any listed key as Authorization: Bearer (the SDK authToken, ANTHROPIC_AUTH_TOKEN)', async () => {
    shared.backend.enqueue(completion({ content: 'hello' }));
    const client = new Anthropic({
      baseURL: shared.proxy.url,
      authToken: PROXY_KEYS[1],
      apiKey: null,
      maxRetries: 0,
    });
    const message = await client.messages.create({
      model: 'claude-fixture',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(message.type).toBe('message');
    expect(shared.backend.requests[0]!.headers.authorization).toBe(`Bearer ${BACKEND_KEY}`);
  });

  it('returns 401 authentication_error in the Anthropic shape when no key is sent', async () => {
    const response = await post('/v1/messages', {});
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error', message: expect.stringContaining('x-api-key') },
      request_id: expect.stringMatching(/^req_/),
    });
    expect(shared.backend.requests).toHaveLength(0);
  });

  it.each([
    ['a wrong x-api-key', { 'x-api-key': 'proxy-key-thre' }],
    ['a prefix of a key', { 'x-api-key': 'proxy-key-on' }],
    ['a key with a suffix', { authorization: 'Bearer proxy-key-one-and-more' }],
    ['the backend key', { 'x-api-key': BACKEND_KEY }],
  ])('returns 401 for %s, without echoing what was sent', async (_case, headers) => {
    const response = await post('/v1/messages', headers);
    expect(response.status).toBe(401);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({
      error: { type: 'authentication_error', message: 'Invalid API key for this proxy' },
    });
    const sent = Object.values(headers)[0]!.replace(/^Bearer /, '');
    expect(text).not.toContain(sent);
    expect(shared.backend.requests).toHaveLength(0);
  });

  it('treats a Basic authorization as no key and says which headers carry one', async () => {
    const response = await post('/v1/messages', { authorization: 'Basic cHJveHkta2V5LW9uZQ==' });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: {
        type: 'authentication_error',
        message: expect.stringMatching(/x-api-key or Authorization: Bearer/),
      },
    });
    expect(shared.backend.requests).toHaveLength(0);
  });

  it('raises AuthenticationError in the SDK for a wrong key', async () => {
    const client = new Anthropic({ baseURL: shared.proxy.url, apiKey: 'not-the-key', maxRetries: 0 });
    await expect(client.models.list()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('protects count_tokens, models and /metrics with the same key', async () => {
    expect((await post('/v1/messages/count_tokens', {})).status).toBe(401);
    expect((await fetch(`${shared.proxy.url}/v1/models`)).status).toBe(401);
    expect((await fetch(`${shared.proxy.url}/metrics`)).status).toBe(401);
    const metrics = await fetch(`${shared.proxy.url}/metrics`, { headers: { 'x-api-key': PROXY_KEYS[0]! } });
    expect(metrics.status).toBe(200);
  });

  it('keeps GET /, HEAD / and /health open for probes', async () => {
    expect((await fetch(`${shared.proxy.url}/`)).status).toBe(200);
    expect((await fetch(`${shared.proxy.url}/`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${shared.proxy.url}/health`)).status).toBe(200);
  });

  it('answers unknown paths with 401 before a key and 404 not_found_error after it', async () => {
    expect((await fetch(`${shared.proxy.url}/v1/complete`, { method: 'POST' })).status).toBe(401);
    const response = await fetch(`${shared.proxy.url}/v1/complete`, {
      method: 'POST',
      headers: { 'x-api-key': PROXY_KEYS[0]! },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { type: 'not_found_error' } });
  });

  it('checks the matched route, so an encoded or doubled path cannot skip the key', async () => {
    const paths = ['/%761/messages', '/v1//messages', '/V1/messages', '/v1/messages/'];
    for (const path of paths) expect((await post(path, {})).status, path).toBe(401);
    expect(shared.backend.requests).toHaveLength(0);

    // With the key the same paths get past the check: the encoded one is routed to the
    // messages handler (so the 401 above guarded a real route), the others match no route.
    shared.backend.enqueue(completion({ content: 'hello' }));
    const key = { 'x-api-key': PROXY_KEYS[0]! };
    expect((await post('/%761/messages', key)).status).toBe(200);
    for (const path of paths.slice(1)) expect((await post(path, key)).status, path).toBe(404);
    expect(shared.backend.requests).toHaveLength(1);
  });
});
