import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyStore } from '../../src/gateway/keys/key-store.js';
import { openGatewayDatabase } from '../../src/gateway/storage/open-gateway-database.js';
import { sqliteFileIn } from '../../src/gateway/storage/resolve-database-location.js';
import type { RunningServer } from '../../src/server/start-server.js';
import { clearOfMinuteEdge } from './clear-of-minute-edge.js';
import { ADMIN_KEY, admin, postMessage, STATIC_KEY, startGatewayProxy } from './start-gateway-proxy.js';
import { startTokenBackend, type TokenBackend } from './start-token-backend.js';

describe('team gateway over HTTP with the SQLite store', () => {
  let backend: TokenBackend;
  let proxy: RunningServer & { dataDir: string };

  beforeAll(async () => {
    backend = await startTokenBackend();
    proxy = await startGatewayProxy({ backendUrl: backend.url });
  });
  afterAll(async () => {
    await proxy?.close();
    await backend?.close();
  });

  const createKey = async (settings: Record<string, unknown>) => {
    const created = await admin(proxy.url, 'POST', '/admin/keys', settings);
    expect(created.status).toBe(201);
    return created.body as { id: string; key: string; name: string };
  };

  it('answers a virtual key and writes its ledger row with tokens and cost', async () => {
    const { key, id } = await createKey({ name: 'alice' });
    expect(key).toMatch(/^ipk_/);
    const answer = await postMessage(proxy.url, key);
    expect(answer.status).toBe(200);
    await proxy.context.team!.ledger.flush();
    const row = await proxy.context
      .team!.database.db.selectFrom('ledger')
      .selectAll()
      .where('key_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      key_name: 'alice',
      client_model: 'claude-sonnet-4-5',
      provider: 'default',
      backend_model: 'backend-model',
      status: 200,
      stream: 0,
      input_tokens: 100,
      output_tokens: 20,
      attempts: 1,
    });
    // $1/M input and $10/M output: 100 × 1 + 20 × 10 = 300 millionths of a dollar.
    expect(row.cost_usd).toBeCloseTo(0.0003, 10);
  });

  it('keeps static PROXY_API_KEY keys working, attributed to no key', async () => {
    const answer = await postMessage(proxy.url, STATIC_KEY);
    expect(answer.status).toBe(200);
  });

  it('refuses a request without a key and one with an unknown key with 401 authentication_error', async () => {
    const none = await postMessage(proxy.url, undefined);
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    const unknown = await postMessage(proxy.url, 'ipk_not-a-key');
    expect(unknown.status).toBe(401);
  });

  it('refuses a revoked key with 401 naming the revocation', async () => {
    const { key } = await createKey({ name: 'bob' });
    expect((await postMessage(proxy.url, key)).status).toBe(200);
    expect((await admin(proxy.url, 'POST', '/admin/keys/bob/revoke')).status).toBe(200);
    const refused = await postMessage(proxy.url, key);
    expect(refused.status).toBe(401);
    expect((refused.body.error as { message: string }).message).toMatch(/Key bob was revoked at \d{4}-/);
  });

  it('refuses an expired key with 401 naming the expiry', async () => {
    const past = createKeyStore(proxy.context.team!.database.db, () => Date.now() - 2 * 86_400_000);
    const { secret } = await past.create({ name: 'old', expires_in_ms: 86_400_000 });
    const refused = await postMessage(proxy.url, secret);
    expect(refused.status).toBe(401);
    expect((refused.body.error as { message: string }).message).toMatch(/Key old expired at/);
  });

  it('refuses a model the key may not use with 403 permission_error', async () => {
    const { key } = await createKey({ name: 'carol', models: ['claude-haiku-4-5'] });
    const refused = await postMessage(proxy.url, key, { model: 'claude-opus-4-1' });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { type: 'permission_error' } });
    expect((refused.body.error as { message: string }).message).toContain('claude-haiku-4-5');
    expect((await postMessage(proxy.url, key, { model: 'claude-haiku-4-5' })).status).toBe(200);
  });

  it('refuses the request past rpm with 429 rate_limit_error and retry-after', async () => {
    const { key } = await createKey({ name: 'dave', rpm: 2 });
    await clearOfMinuteEdge();
    expect((await postMessage(proxy.url, key)).status).toBe(200);
    expect((await postMessage(proxy.url, key)).status).toBe(200);
    const refused = await postMessage(proxy.url, key);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: { type: 'rate_limit_error' } });
    expect((refused.body.error as { message: string }).message).toMatch(/2 requests per minute \(rpm\)/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('refuses a key whose budget is spent with 402 billing_error naming when it resets', async () => {
    // Each answer costs $0.0003; a $0.0005 budget admits two and refuses the third.
    const { key } = await createKey({ name: 'erin', budget_usd: 0.0005, budget_period: 'day' });
    expect((await postMessage(proxy.url, key)).status).toBe(200);
    expect((await postMessage(proxy.url, key)).status).toBe(200);
    const refused = await postMessage(proxy.url, key);
    expect(refused.status).toBe(402);
    expect(refused.body).toMatchObject({ error: { type: 'billing_error' } });
    expect((refused.body.error as { message: string }).message).toMatch(
      /budget of \$0.0005 for this day; it resets at \d{4}-/,
    );
  });

  it('refuses a request past tpm with 429', async () => {
    const { key } = await createKey({ name: 'frank', tpm: 100 });
    await clearOfMinuteEdge();
    expect((await postMessage(proxy.url, key)).status).toBe(200);
    const refused = await postMessage(proxy.url, key);
    expect(refused.status).toBe(429);
    expect((refused.body.error as { message: string }).message).toMatch(/tokens per minute \(tpm\)/);
  });

  it('keeps the admin API to ADMIN_API_KEY alone', async () => {
    const { key } = await createKey({ name: 'gina' });
    expect((await admin(proxy.url, 'GET', '/admin/keys', undefined, key)).status).toBe(401);
    expect((await admin(proxy.url, 'GET', '/admin/keys', undefined, STATIC_KEY)).status).toBe(401);
    expect((await admin(proxy.url, 'GET', '/admin/keys', undefined, 'nope')).status).toBe(401);
    const listed = await admin(proxy.url, 'GET', '/admin/keys', undefined, ADMIN_KEY);
    expect(listed.status).toBe(200);
    const names = (listed.body.data as Array<{ name: string }>).map((entry) => entry.name);
    expect(names).toContain('gina');
    expect(JSON.stringify(listed.body)).not.toContain(key);
  });

  it('answers bad admin input with 400 and creates nothing', async () => {
    const before = (await admin(proxy.url, 'GET', '/admin/keys')).body.data as unknown[];
    const bad = await admin(proxy.url, 'POST', '/admin/keys', { name: 'x y', rpm: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    const badExpiry = await admin(proxy.url, 'POST', '/admin/keys', { name: 'ok', expires: 'soon' });
    expect(badExpiry.status).toBe(400);
    const after = (await admin(proxy.url, 'GET', '/admin/keys')).body.data as unknown[];
    expect(after.length).toBe(before.length);
    const taken = await admin(proxy.url, 'POST', '/admin/keys', { name: 'alice' });
    expect(taken.status).toBe(409);
  });

  it('rotates a key: the old secret stops working, the new one works', async () => {
    const { key } = await createKey({ name: 'hank' });
    const rotated = await admin(proxy.url, 'POST', '/admin/keys/hank/rotate');
    expect(rotated.status).toBe(200);
    expect((await postMessage(proxy.url, key)).status).toBe(401);
    expect((await postMessage(proxy.url, rotated.body.key as string)).status).toBe(200);
  });

  it('reports usage by key over the admin API and per-key counters on /metrics', async () => {
    const usage = await admin(proxy.url, 'GET', '/admin/usage?by=key&since=7d');
    expect(usage.status).toBe(200);
    const alice = (usage.body.data as Array<{ group: string; requests: number; input_tokens: number }>).find(
      (row) => row.group === 'alice',
    );
    expect(alice).toMatchObject({ requests: 1, input_tokens: 100 });
    expect((await admin(proxy.url, 'GET', '/admin/usage?by=nothing')).status).toBe(400);
    const metrics = await fetch(`${proxy.url}/metrics`, { headers: { 'x-api-key': ADMIN_KEY } });
    const text = await metrics.text();
    expect(text).toMatch(/infiniproxy_key_tokens_total\{key="alice",direction="output"\} 20/);
    expect(text).toMatch(/infiniproxy_key_cost_usd_total\{key="alice"\} 0\.0003/);
  });
});

describe('team gateway ledger across a graceful stop', () => {
  it('writes every request exactly once when the proxy stops', async () => {
    const backend = await startTokenBackend();
    const proxy = await startGatewayProxy({ backendUrl: backend.url, gateway: { ledgerFlushMs: 60_000 } });
    const { secret, key } = await proxy.context.team!.keys.create({ name: 'ivy' });
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, index) => postMessage(proxy.url, secret, { stream: index % 2 === 0 })),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(200));
    await proxy.shutdown();
    const reopened = await openGatewayDatabase({ kind: 'sqlite', file: sqliteFileIn(proxy.dataDir) });
    try {
      const rows = await reopened.db.selectFrom('ledger').selectAll().where('key_id', '=', key.id).execute();
      expect(rows).toHaveLength(12);
      expect(new Set(rows.map((row) => row.request_id)).size).toBe(12);
      expect(rows.filter((row) => row.stream === 1)).toHaveLength(6);
      expect(rows.every((row) => row.output_tokens === 20)).toBe(true);
    } finally {
      await reopened.close();
      await backend.close();
    }
  });
});
