import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelPrice } from '../../src/config/config.js';
import { type Environment, loadConfig } from '../../src/config/load-config.js';
import type { TeamGatewayOptions } from '../../src/gateway/create-team-gateway.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';

export const ADMIN_KEY = 'admin-key-0123456789abcdef';
export const STATIC_KEY = 'static-proxy-key-0123';

/** The price the tests' backend model is billed at: $1 per million input, $10 per million output. */
export const TEST_PRICING: Record<string, ModelPrice> = { 'default/backend-model': { input: 1, output: 10 } };

export interface GatewayProxyOptions {
  backendUrl: string;
  /** The SQLite data directory; a fresh temporary one when neither this nor DATABASE_URL is given. */
  dataDir?: string;
  env?: Environment;
  gateway?: TeamGatewayOptions;
}

/** The real proxy with the team gateway on, listening on a free 127.0.0.1 port. */
export async function startGatewayProxy(
  options: GatewayProxyOptions,
): Promise<RunningServer & { dataDir: string }> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'infiniproxy-gateway-'));
  const config = loadConfig(
    {
      PROXY_HOST: '127.0.0.1',
      PROXY_PORT: '0',
      OPENAI_BASE_URL: options.backendUrl,
      OPENAI_MODEL: 'backend-model',
      PROXY_API_KEY: STATIC_KEY,
      ADMIN_API_KEY: ADMIN_KEY,
      INFINIPROXY_DATA_DIR: dataDir,
      RETRY_ATTEMPTS: '1',
      ...options.env,
    },
    null,
  );
  const server = await startServer(
    { ...config, pricing: TEST_PRICING },
    {
      logger: false,
      // The token backend counts every request: no model discovery or start-up probe beside the tests' own.
      modelDiscovery: false,
      serverProbeMs: 0,
      teamGateway: { keyCacheMs: 0, ledgerFlushMs: 50, ...options.gateway },
    },
  );
  return Object.assign(server, { dataDir });
}

/** POST /v1/messages with a key, as a client would; the status, headers and parsed body. */
export async function postMessage(
  url: string,
  key: string | undefined,
  body: Record<string, unknown> = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown>; text: string }> {
  const response = await fetch(`${url}/v1/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'anthropic-version': '2023-06-01',
      ...(key === undefined ? {} : { 'x-api-key': key }),
    },
    body: JSON.stringify({
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
      ...body,
    }),
  });
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // A stream: the caller reads `text`.
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

export async function admin(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  key: string = ADMIN_KEY,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
