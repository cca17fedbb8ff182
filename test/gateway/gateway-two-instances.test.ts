import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGatewayDatabase } from '../../src/gateway/storage/open-gateway-database.js';
import type { RunningServer } from '../../src/server/start-server.js';
import { clearOfMinuteEdge } from './clear-of-minute-edge.js';
import { freshDatabase, servicesAvailable, TEST_DATABASE_URL, TEST_REDIS_URL } from './shared-services.js';
import { admin, postMessage, startGatewayProxy } from './start-gateway-proxy.js';
import { readBody, startTokenBackend, type TokenBackend } from './start-token-backend.js';

describe.skipIf(!servicesAvailable)('two instances sharing PostgreSQL and Redis', () => {
  let backend: TokenBackend;
  let databaseUrl = '';
  let instances: Array<RunningServer & { dataDir: string }>;
  const requestIds: string[] = [];
  const prefix = `infiniproxy-test-${process.pid}-${Date.now()}:`;

  const start = (url: string) =>
    startGatewayProxy({
      backendUrl: url,
      env: { DATABASE_URL: databaseUrl, REDIS_URL: TEST_REDIS_URL! },
      gateway: { keyCacheMs: 500, ledgerFlushMs: 200, redisPrefix: prefix },
    });
  const post = async (index: number, key: string, body: Record<string, unknown> = {}) => {
    const answer = await postMessage(instances[index % 2]!.url, key, body);
    const id = answer.headers.get('request-id');
    if (id) requestIds.push(id);
    return answer;
  };

  beforeAll(async () => {
    databaseUrl = await freshDatabase(TEST_DATABASE_URL!, 'infiniproxy_two_instances');
    backend = await startTokenBackend({ delayMs: 20 });
    instances = [await start(backend.url), await start(backend.url)];
  });
  afterAll(async () => {
    await Promise.all((instances ?? []).map((instance) => instance.close()));
    await backend?.close();
  });

  it('holds an rpm limit across both instances under concurrent load', async () => {
    const { key } = (await admin(instances[0]!.url, 'POST', '/admin/keys', { name: 'rpm-key', rpm: 10 }))
      .body as {
      key: string;
    };
    await clearOfMinuteEdge();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, index) => post(index, key)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20);
  });

  it('holds a budget across both instances: overshoot at most one request per instance', async () => {
    // $0.0003 per answer; $0.003 pays for ten.
    const { key, id } = (
      await admin(instances[1]!.url, 'POST', '/admin/keys', {
        name: 'budget-key',
        budget_usd: 0.003,
        budget_period: 'day',
      })
    ).body as { key: string; id: string };
    for (let wave = 0; wave < 6; wave++) {
      await Promise.all(Array.from({ length: 8 }, (_, index) => post(index, key)));
    }
    // Reservations may refuse requests while others are in flight (429); one at a time, the
    // key spends up to its budget and is then refused with 402.
    let last = 0;
    for (let attempt = 0; attempt < 30 && last !== 402; attempt++) last = (await post(attempt, key)).status;
    expect(last).toBe(402);
    for (const instance of instances) await instance.context.team!.ledger.flush();
    const spent = await instances[0]!.context
      .team!.database.db.selectFrom('ledger')
      .select((eb) => eb.fn.sum<number>('cost_usd').as('cost'))
      .where('key_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(Number(spent.cost)).toBeGreaterThanOrEqual(0.003 - 1e-9);
    expect(Number(spent.cost)).toBeLessThanOrEqual(0.003 + 2 * 0.0003 + 1e-9);
  });

  it('refuses a revoked key on both instances within a second', async () => {
    const { key } = (await admin(instances[0]!.url, 'POST', '/admin/keys', { name: 'revoke-key' })).body as {
      key: string;
    };
    expect((await post(0, key)).status).toBe(200);
    expect((await post(1, key)).status).toBe(200);
    expect((await admin(instances[0]!.url, 'POST', '/admin/keys/revoke-key/revoke')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await post(0, key)).status).toBe(401);
    expect((await post(1, key)).status).toBe(401);
  });

  it('keeps a DeepSeek tool loop\u2019s reasoning when its turns alternate between the instances', async () => {
    const received: Array<Record<string, unknown>> = [];
    const deepseek: Server = createServer(async (request, response) => {
      received.push(JSON.parse(await readBody(request)) as Record<string, unknown>);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          id: 'c',
          object: 'chat.completion',
          created: 0,
          model: 'deepseek-reasoner',
          choices: [
            {
              index: 0,
              message: {
                role: 'assistant',
                content: null,
                reasoning_content: `reasoning of turn ${received.length}`,
                tool_calls: [
                  {
                    id: `call_${received.length}`,
                    type: 'function',
                    function: { name: 'Read', arguments: `{"path":"f${received.length}"}` },
                  },
                ],
              },
              finish_reason: 'tool_calls',
            },
          ],
          usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
        }),
      );
    });
    await new Promise<void>((resolve) => deepseek.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(deepseek.address() as AddressInfo).port}/v1`;
    const env = { DATABASE_URL: databaseUrl, REDIS_URL: TEST_REDIS_URL!, OPENAI_PROVIDER: 'deepseek' };
    const pair = [
      await startGatewayProxy({ backendUrl: url, env, gateway: { redisPrefix: prefix } }),
      await startGatewayProxy({ backendUrl: url, env, gateway: { redisPrefix: prefix } }),
    ];
    try {
      const { key } = (await admin(pair[0]!.url, 'POST', '/admin/keys', { name: 'loop-key' })).body as {
        key: string;
      };
      const tools = [
        {
          name: 'Read',
          description: 'read',
          input_schema: { type: 'object', properties: { path: { type: 'string' } } },
        },
      ];
      const messages: Array<Record<string, unknown>> = [{ role: 'user', content: 'read the files' }];
      for (let turn = 0; turn < 4; turn++) {
        const answer = await postMessage(pair[turn % 2]!.url, key, {
          messages,
          tools,
          model: 'deepseek-reasoner',
        });
        expect(answer.status).toBe(200);
        const toolUse = (answer.body.content as Array<Record<string, unknown>>).find(
          (block) => block.type === 'tool_use',
        )!;
        // A client that drops thinking blocks from the history it sends back.
        messages.push({ role: 'assistant', content: [toolUse] });
        messages.push({
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'ok' }],
        });
      }
      const last = received.at(-1)!.messages as Array<Record<string, unknown>>;
      const assistants = last.filter((message) => message.role === 'assistant');
      expect(assistants.map((message) => message.reasoning_content)).toEqual([
        'reasoning of turn 1',
        'reasoning of turn 2',
        'reasoning of turn 3',
      ]);
    } finally {
      await Promise.all(pair.map((instance) => instance.close()));
      await new Promise<void>((resolve) => deepseek.close(() => resolve()));
    }
  });

  it('has every request in the ledger exactly once after a graceful stop of both', async () => {
    const { key } = (await admin(instances[0]!.url, 'POST', '/admin/keys', { name: 'ledger-key' })).body as {
      key: string;
    };
    await Promise.all(
      Array.from({ length: 20 }, (_, index) => post(index, key, { stream: index % 3 === 0 })),
    );
    await Promise.all(instances.map((instance) => instance.shutdown()));
    const database = await openGatewayDatabase({ kind: 'postgres', url: databaseUrl });
    try {
      const rows = await database.db.selectFrom('ledger').select('request_id').execute();
      const ids = rows.map((row) => row.request_id);
      const seen = new Set(ids);
      expect(seen.size).toBe(ids.length);
      expect(requestIds.filter((id) => !seen.has(id))).toEqual([]);
    } finally {
      await database.close();
    }
  });
});
