import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type TestProxy } from '../helpers/start-proxy.js';

const BACKEND_KEY = 'sk-root-secret-9876';
let proxy: TestProxy;

beforeAll(async () => {
  proxy = await startProxy({
    OPENAI_BASE_URL: 'https://api.example.com/v1/chat/completions',
    OPENAI_API_KEY: BACKEND_KEY,
  });
});
afterAll(() => proxy.close());

describe('discovery and health endpoints', () => {
  it('describes the proxy and its backend on GET / without the backend key', async () => {
    const response = await fetch(`${proxy.url}/`);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({
      name: 'infiniproxy',
      status: 'ok',
      endpoints: expect.arrayContaining(['POST /v1/messages', 'GET /health']),
      config: 'environment',
      providers: [
        {
          name: 'default',
          url: 'https://api.example.com/v1',
          dialect: 'generic',
          authenticated: true,
          health: 'ok',
        },
      ],
      routes: { default: 'default/backend-model', haiku: null },
    });
    expect(text).not.toContain(BACKEND_KEY);
  });

  it('answers the HEAD / probe Claude Code sends with 200', async () => {
    const response = await fetch(`${proxy.url}/`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('reports ok on GET /health', async () => {
    const response = await fetch(`${proxy.url}/health`);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('returns 404 not_found_error in the Anthropic shape for an unknown path', async () => {
    const response = await fetch(`${proxy.url}/v1/complete?x=1`, { method: 'POST' });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      type: 'error',
      error: { type: 'not_found_error', message: 'No route for POST /v1/complete' },
    });
  });

  it('puts a request-id header on every response', async () => {
    const response = await fetch(`${proxy.url}/health`);
    expect(response.headers.get('request-id')).toMatch(/^req_[0-9A-Za-z]{24}$/);
  });
});
