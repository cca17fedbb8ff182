import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGatewayDatabase } from '../../src/gateway/storage/open-gateway-database.js';
import type { RunningServer } from '../../src/server/start-server.js';
import { freshDatabase, servicesAvailable, TEST_DATABASE_URL, TEST_REDIS_URL } from './shared-services.js';
import { postMessage, startGatewayProxy } from './start-gateway-proxy.js';
import { startTokenBackend, type TokenBackend } from './start-token-backend.js';

/** Usage as a streaming client adds it up: the last message_delta's cumulative counts. */
function streamedUsage(text: string): { input: number; output: number } {
  let input = 0;
  let output = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith('data: ')) continue;
    const event = JSON.parse(line.slice(6)) as {
      type: string;
      usage?: { input_tokens?: number; output_tokens: number };
    };
    if (event.type === 'message_delta' && event.usage) {
      output = event.usage.output_tokens;
      input = event.usage.input_tokens ?? input;
    }
  }
  return { input, output };
}

describe.skipIf(!servicesAvailable)('load: two instances, 200 concurrent streams across 50 keys', () => {
  let backend: TokenBackend;
  let databaseUrl = '';
  let instances: RunningServer[];

  beforeAll(async () => {
    databaseUrl = await freshDatabase(TEST_DATABASE_URL!, 'infiniproxy_load');
    backend = await startTokenBackend({ promptTokens: 37, completionTokens: 11, delayMs: 10 });
    const start = () =>
      startGatewayProxy({
        backendUrl: backend.url,
        env: { DATABASE_URL: databaseUrl, REDIS_URL: TEST_REDIS_URL! },
        gateway: { redisPrefix: `infiniproxy-load-${process.pid}-${Date.now()}:` },
      });
    instances = [await start(), await start()];
  });
  afterAll(async () => {
    await backend?.close();
  });

  it('ledger totals equal the sum of what the clients received', async () => {
    const team = instances[0]!.context.team!;
    const keys = await Promise.all(
      Array.from({ length: 50 }, (_, index) => team.keys.create({ name: `load-${index}`, rpm: 1000 })),
    );
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        postMessage(instances[index % 2]!.url, keys[index % 50]!.secret, { stream: true }),
      ),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const received = answers.map((answer) => streamedUsage(answer.text));
    const clientInput = received.reduce((sum, usage) => sum + usage.input, 0);
    const clientOutput = received.reduce((sum, usage) => sum + usage.output, 0);
    await Promise.all(instances.map((instance) => instance.shutdown()));

    const database = await openGatewayDatabase({ kind: 'postgres', url: databaseUrl });
    try {
      const totals = await database.db
        .selectFrom('ledger')
        .select((eb) => [
          eb.fn.countAll<number>().as('rows'),
          eb.fn.sum<number>('input_tokens').as('input'),
          eb.fn.sum<number>('output_tokens').as('output'),
          eb.fn.count<number>('key_id').distinct().as('keys'),
        ])
        .executeTakeFirstOrThrow();
      expect(Number(totals.rows)).toBe(200);
      expect(Number(totals.keys)).toBe(50);
      expect(Number(totals.input)).toBe(clientInput);
      expect(Number(totals.output)).toBe(clientOutput);
      expect(clientOutput).toBe(200 * 11);
    } finally {
      await database.close();
    }
  }, 60_000);
});
