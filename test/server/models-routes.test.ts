import { NotFoundError } from '@anthropic-ai/sdk';
import type { ModelInfo } from '@anthropic-ai/sdk/resources/models';
import { afterAll, describe, expect, it } from 'vitest';
import { CLAUDE_MODEL_IDS } from '../../src/routing/claude-model-ids.js';
import { startProxy } from '../helpers/start-proxy.js';
import { useSharedProxyAndBackend } from '../helpers/use-proxy-and-backend.js';

type Entry = ModelInfo & { backend_model: string };

const shared = useSharedProxyAndBackend({
  OPENAI_MODEL: 'glm-4.6',
  BIG_MODEL: 'glm-5',
  SMALL_MODEL: 'glm-4.5-air',
});
afterAll(() => {
  expect(shared.backend.requests).toEqual([]);
});

async function getJson(path: string) {
  const response = await fetch(`${shared.proxy.url}${path}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('GET /v1/models', () => {
  it('lists every Claude id with the backend model it maps to, then the backend models', async () => {
    const { status, body } = await getJson('/v1/models?limit=1000');
    expect(status).toBe(200);
    const data = body.data as Entry[];
    const byId = new Map(data.map((entry) => [entry.id, entry]));
    expect(data.map((entry) => entry.id)).toEqual([...CLAUDE_MODEL_IDS, 'glm-4.6', 'glm-5', 'glm-4.5-air']);
    expect(byId.get('claude-opus-4-8')?.backend_model).toBe('glm-5');
    expect(byId.get('claude-sonnet-4-5')?.backend_model).toBe('glm-4.6');
    expect(byId.get('claude-haiku-4-5-20251001')?.backend_model).toBe('glm-4.5-air');
    expect(byId.get('claude-mythos-5')?.backend_model).toBe('glm-4.6');
    expect(byId.get('glm-5')?.backend_model).toBe('glm-5');
    expect(body).toMatchObject({ has_more: false, first_id: CLAUDE_MODEL_IDS[0], last_id: 'glm-4.5-air' });
  });

  it('returns entries in Anthropic model shape', async () => {
    const { body } = await getJson('/v1/models?limit=1000');
    const byId = new Map((body.data as Entry[]).map((entry) => [entry.id, entry]));
    expect(byId.get('claude-haiku-4-5')).toEqual({
      type: 'model',
      id: 'claude-haiku-4-5',
      display_name: 'Claude Haiku 4.5 via glm-4.5-air',
      created_at: '2025-10-01T00:00:00Z',
      capabilities: null,
      deprecated_at: null,
      lifecycle: 'active',
      line: 'haiku',
      max_input_tokens: null,
      max_tokens: null,
      retires_at: null,
      backend_model: 'glm-4.5-air',
      provider: 'default',
    });
    expect(byId.get('claude-opus-4-8')).toMatchObject({
      display_name: 'Claude Opus 4.8 via glm-5',
      created_at: '1970-01-01T00:00:00Z',
      line: 'opus',
    });
  });

  it('pages forward with after_id through the SDK auto-pagination and returns the same list', async () => {
    const ids: string[] = [];
    for await (const model of shared.proxy.client.models.list({ limit: 4 })) ids.push(model.id);
    const { body } = await getJson('/v1/models?limit=1000');
    expect(ids).toEqual((body.data as Entry[]).map((entry) => entry.id));
  });

  it('returns the first 20 entries with has_more when no limit is given', async () => {
    const { body } = await getJson('/v1/models');
    expect((body.data as Entry[]).length).toBe(20);
    expect(body.has_more).toBe(true);
    expect(body.last_id).toBe((body.data as Entry[])[19]?.id);
  });

  it('pages backward with before_id', async () => {
    const { body } = await getJson('/v1/models?limit=2&before_id=claude-opus-4-7');
    expect((body.data as Entry[]).map((entry) => entry.id)).toEqual(['claude-opus-5', 'claude-opus-4-8']);
    expect(body).toMatchObject({ has_more: true, first_id: 'claude-opus-5', last_id: 'claude-opus-4-8' });
    const { body: start } = await getJson(`/v1/models?limit=5&before_id=${CLAUDE_MODEL_IDS[2]}`);
    expect((start.data as Entry[]).map((entry) => entry.id)).toEqual(CLAUDE_MODEL_IDS.slice(0, 2));
    expect(start.has_more).toBe(false);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=1001', 'limit'],
    ['after_id=no-such-model', 'after_id'],
    ['after_id=opus&before_id=haiku', 'after_id or before_id'],
  ])('returns 400 invalid_request_error naming %s', async (query, field) => {
    const { status, body } = await getJson(`/v1/models?${query}`);
    expect(status).toBe(400);
    expect(body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect((body.error as { message: string }).message).toContain(field);
  });
});

describe('GET /v1/models/{model_id}', () => {
  it('returns one listed model through the SDK', async () => {
    const model = (await shared.proxy.client.models.retrieve('claude-opus-4-8')) as Entry;
    expect(model).toMatchObject({ type: 'model', id: 'claude-opus-4-8', backend_model: 'glm-5' });
  });

  it('returns an unlisted Claude name with the backend model it would map to', async () => {
    const { status, body } = await getJson('/v1/models/claude-3-5-haiku-20241022');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: 'claude-3-5-haiku-20241022',
      backend_model: 'glm-4.5-air',
      created_at: '2024-10-22T00:00:00Z',
      display_name: 'Claude 3.5 Haiku via glm-4.5-air',
    });
  });

  it('returns a configured backend model under its own name', async () => {
    const { status, body } = await getJson('/v1/models/glm-4.5-air');
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: 'glm-4.5-air', backend_model: 'glm-4.5-air', line: null });
  });

  it('returns 404 not_found_error for a model the proxy does not serve', async () => {
    const error = await shared.proxy.client.models.retrieve('gpt-unknown').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    const { status, body } = await getJson('/v1/models/gpt-unknown');
    expect(status).toBe(404);
    expect(body).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    expect((body.error as { message: string }).message).toContain('gpt-unknown');
  });
});

describe('GET /v1/models without any backend model configured', () => {
  it('lists nothing and returns 404 for Claude names, which cannot be served', async () => {
    const bare = await startProxy({ OPENAI_BASE_URL: shared.backend.baseUrl, OPENAI_MODEL: '' });
    try {
      const list = await fetch(`${bare.url}/v1/models`);
      expect(await list.json()).toEqual({ data: [], has_more: false, first_id: null, last_id: null });
      expect((await fetch(`${bare.url}/v1/models/claude-opus-4-8`)).status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
