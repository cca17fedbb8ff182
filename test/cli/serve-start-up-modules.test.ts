import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ScriptedBackend, startScriptedBackend } from '../helpers/scripted-backend.js';
import { spawnCli } from '../helpers/spawn-cli.js';

const RECORDER = fileURLToPath(
  new URL('../helpers/loaded-modules/record-loaded-modules.mjs', import.meta.url),
);

/**
 * Packages a proxy configured by its environment alone never needs: the team gateway's
 * database and Redis drivers and query builder, the config file parser, the doctor's SDK,
 * the pretty log printer, the tokenizer's tables, Fastify's JSON Schema compilers. Each held
 * megabytes resident for the life of the process when it was loaded at start-up.
 */
const NOT_LOADED_UNCONFIGURED = [
  'kysely',
  'better-sqlite3',
  'pg',
  'ioredis',
  'yaml',
  '@anthropic-ai/sdk',
  'pino-pretty',
  'gpt-tokenizer',
  'ajv',
  '@fastify/ajv-compiler',
  '@fastify/fast-json-stringify-compiler',
];

let backend: ScriptedBackend;
beforeAll(async () => {
  backend = await startScriptedBackend();
});
afterAll(() => backend.close());

/** What a process loaded: package names, and their files as `name/path/in/package.js`. */
interface LoadedModules {
  packages: string[];
  files: string[];
}

/** Starts `infiniproxy serve`, answers one request, stops it, and returns what it loaded. */
async function modulesLoadedByServe(env: Record<string, string>): Promise<LoadedModules> {
  const cwd = mkdtempSync(join(tmpdir(), 'infiniproxy-start-up-'));
  const report = join(cwd, 'loaded-modules.json');
  const run = spawnCli(['serve'], {
    env: { PATH: process.env.PATH ?? '', PROXY_PORT: '0', LOADED_MODULES_REPORT: report, ...env },
    cwd,
    nodeArgs: ['--import', RECORDER],
  });
  try {
    let url: string | undefined;
    while (!url) {
      if (run.child.exitCode !== null) throw new Error(`serve exited: ${run.stderr()}`);
      url = /listening on (http:\/\/\S+)/.exec(run.stdout())?.[1];
      if (!url) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    backend.enqueue((_request, reply) => {
      reply.writeHead(200, { 'content-type': 'application/json' });
      reply.end(JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content: 'Hi' } }] }));
    });
    const response = await fetch(`${url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'claude-x',
        max_tokens: 16,
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    });
    expect(response.status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    return JSON.parse(readFileSync(report, 'utf8')) as LoadedModules;
  } finally {
    run.child.kill('SIGKILL');
  }
}

describe('infiniproxy serve configured by the environment alone', () => {
  it('answers without loading the team gateway, the config file parser or other unused packages', async () => {
    const { packages: loaded, files } = await modulesLoadedByServe({
      OPENAI_BASE_URL: backend.baseUrl,
      // A chosen dialect: no start-up probe takes the one answer the backend has queued.
      OPENAI_PROVIDER: 'generic',
      OPENAI_MODEL: 'backend-model',
    });
    // The recorder sees both kinds of module: fastify is CommonJS, zod an ES module.
    expect(loaded).toEqual(expect.arrayContaining(['fastify', 'undici', 'zod']));
    expect(loaded.filter((name) => NOT_LOADED_UNCONFIGURED.includes(name))).toEqual([]);
    // undici's dispatchers without its index, which also loads fetch, WebSocket and the rest.
    expect(files).toEqual(expect.arrayContaining(['undici/lib/dispatcher/pool.js']));
    expect(files.filter((file) => file === 'undici/index.js' || file.startsWith('undici/lib/web/'))).toEqual(
      [],
    );
  });
});
