import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { completion, json, type ScriptedBackend, startScriptedBackend } from '../helpers/scripted-backend.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { startProxy } from '../helpers/start-proxy.js';

/**
 * A stand-in for Claude Code: it calls the proxy it was given (GET / and a POST
 * /v1/messages for a haiku model), writes what it saw to FAKE_CLAUDE_REPORT, and exits with
 * the code after --exit-with. With --wait-for-signal it prints "ready" and waits for SIGTERM.
 */
const FAKE_CLAUDE = `#!/usr/bin/env node
const { writeFileSync } = require('node:fs');
const args = process.argv.slice(2);
const report = (extra) => writeFileSync(process.env.FAKE_CLAUDE_REPORT, JSON.stringify({
  args,
  baseUrl: process.env.ANTHROPIC_BASE_URL,
  authToken: process.env.ANTHROPIC_AUTH_TOKEN,
  apiKey: process.env.ANTHROPIC_API_KEY ?? null,
  ...extra,
}));
(async () => {
  if (args.includes('--wait-for-signal')) {
    process.on('SIGTERM', () => { report({ signal: 'SIGTERM' }); process.exit(42); });
    process.stdout.write('ready\\n');
    setInterval(() => {}, 1000);
    return;
  }
  const root = await (await fetch(process.env.ANTHROPIC_BASE_URL + '/')).json();
  const response = await fetch(process.env.ANTHROPIC_BASE_URL + '/v1/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer ' + process.env.ANTHROPIC_AUTH_TOKEN },
    body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] }),
  });
  const message = await response.json();
  const anonymous = await fetch(process.env.ANTHROPIC_BASE_URL + '/v1/models');
  report({ rootName: root.name, status: response.status, message, anonymousStatus: anonymous.status });
  process.exit(Number(args[args.indexOf('--exit-with') + 1] ?? 0));
})();
`;

let backend: ScriptedBackend;
let workDir: string;
let binDir: string;
let reportFile: string;

beforeAll(async () => {
  backend = await startScriptedBackend();
  workDir = mkdtempSync(join(tmpdir(), 'infiniproxy-code-'));
  binDir = join(workDir, 'bin');
  mkdirSync(binDir);
  writeFileSync(join(binDir, 'claude'), FAKE_CLAUDE);
  chmodSync(join(binDir, 'claude'), 0o755);
  reportFile = join(workDir, 'report.json');
});
afterAll(async () => {
  await backend.close();
  rmSync(workDir, { recursive: true, force: true });
});
afterEach(() => {
  backend.requests.length = 0;
  rmSync(reportFile, { force: true });
});

interface Report {
  args: string[];
  baseUrl: string;
  authToken: string;
  apiKey: string | null;
  rootName?: string;
  status?: number;
  anonymousStatus?: number;
  message?: { model: string; content: unknown };
  signal?: string;
}

function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    // The fake claude first; node's own directory so its shebang resolves.
    PATH: `${binDir}:${dirname(process.execPath)}`,
    HOME: workDir,
    OPENAI_BASE_URL: backend.baseUrl,
    // A chosen dialect: the proxy then asks the scripted backend nothing at start-up, and
    // the backend's queue holds only the answers each test scripts.
    OPENAI_PROVIDER: 'generic',
    OPENAI_MODEL: 'default-backend',
    SMALL_MODEL: 'small-backend',
    PROXY_PORT: '0',
    ANTHROPIC_API_KEY: 'sk-ant-real-key',
    FAKE_CLAUDE_REPORT: reportFile,
    ...extra,
  };
}

function readReport(): Report {
  return JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
}

describe('infiniproxy code', () => {
  it('runs claude against a fresh proxy, passes arguments and the exit code through, then stops the proxy', async () => {
    backend.enqueue(completion({ content: 'hello from the backend' }));
    const run = spawnCli(['code', '-p', 'say hi', '--exit-with', '3'], { env: environment(), cwd: workDir });
    expect(await run.exited).toBe(3);

    const report = readReport();
    expect(report.args).toEqual(['-p', 'say hi', '--exit-with', '3']);
    expect(report.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // A key made for this run: the proxy accepts it and turns away callers without it.
    expect(report.authToken).toMatch(/^[\w-]{32}$/);
    expect(report.anonymousStatus).toBe(401);
    expect(report.apiKey).toBeNull();
    expect(report.rootName).toBe('infiniproxy');
    expect(report.status).toBe(200);
    expect(report.message?.model).toBe('claude-haiku-4-5');
    expect(backend.requests[0]?.body).toMatchObject({ model: 'small-backend' });
    expect(run.stderr()).toContain(`proxy on ${report.baseUrl}`);
    expect(run.stderr()).toContain(
      `inspector on ${report.baseUrl}/ui (key for the page: ${report.authToken})`,
    );
    await expect(fetch(`${report.baseUrl}/`)).rejects.toThrow();
  });

  it('exits 0 when claude exits 0, and names no inspector with INSPECTOR=false', async () => {
    backend.enqueue(completion({ content: 'ok' }));
    const run = spawnCli(['code', '--exit-with', '0'], {
      env: environment({ INSPECTOR: 'false' }),
      cwd: workDir,
    });
    expect(await run.exited).toBe(0);
    expect(run.stderr()).not.toContain('inspector');
  });

  it('reuses the proxy already running at PROXY_HOST:PROXY_PORT and leaves it running', async () => {
    const running = await startProxy({ OPENAI_BASE_URL: backend.baseUrl, OPENAI_MODEL: 'running-backend' });
    try {
      backend.enqueue(completion({ content: 'ok' }));
      const port = new URL(running.url).port;
      const run = spawnCli(['code', '--exit-with', '5'], {
        env: environment({ PROXY_HOST: '127.0.0.1', PROXY_PORT: port }),
        cwd: workDir,
      });
      expect(await run.exited).toBe(5);
      expect(readReport().baseUrl).toBe(running.url);
      expect(backend.requests[0]?.body).toMatchObject({ model: 'running-backend' });
      expect(run.stderr()).toContain(`using the proxy already running at ${running.url}`);
      expect((await fetch(`${running.url}/health`)).status).toBe(200);
    } finally {
      await running.close();
    }
  });

  it('hands claude the first PROXY_API_KEY key when the running proxy requires keys', async () => {
    const running = await startProxy({
      OPENAI_BASE_URL: backend.baseUrl,
      OPENAI_MODEL: 'running-backend',
      PROXY_API_KEY: 'first-proxy-key,second-proxy-key',
    });
    try {
      backend.enqueue(completion({ content: 'ok' }));
      const run = spawnCli(['code', '--exit-with', '0'], {
        env: environment({
          PROXY_HOST: '127.0.0.1',
          PROXY_PORT: new URL(running.url).port,
          PROXY_API_KEY: 'first-proxy-key,second-proxy-key',
        }),
        cwd: workDir,
      });
      expect(await run.exited).toBe(0);
      expect(readReport()).toMatchObject({ authToken: 'first-proxy-key', status: 200, anonymousStatus: 401 });
    } finally {
      await running.close();
    }
  });

  it('starts its own proxy when something other than infiniproxy answers at PROXY_PORT', async () => {
    backend.enqueue(json(200, { name: 'another-server' }), completion({ content: 'ok' }));
    const backendPort = new URL(backend.baseUrl).port;
    const run = spawnCli(['code', '--exit-with', '0'], {
      env: environment({ PROXY_HOST: '127.0.0.1', PROXY_PORT: backendPort }),
      cwd: workDir,
    });
    expect(await run.exited).toBe(0);
    expect(backend.requests[0]).toMatchObject({ method: 'GET', url: '/' });
    expect(readReport().baseUrl).not.toBe(`http://127.0.0.1:${backendPort}`);
    expect(readReport()).toMatchObject({ rootName: 'infiniproxy', status: 200 });
  });

  it('forwards SIGTERM to claude and exits with the code claude exits with', async () => {
    const run = spawnCli(['code', '--wait-for-signal'], { env: environment(), cwd: workDir });
    await until(() => run.stdout().includes('ready'));
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(42);
    expect(readReport().signal).toBe('SIGTERM');
    await expect(fetch(`${readReport().baseUrl}/`)).rejects.toThrow();
  });

  it('writes debug logs to the file it names when DEBUG is true, never to the terminal', async () => {
    const tempDir = mkdtempSync(join(tmpdir(), 'infiniproxy-temp-'));
    try {
      backend.enqueue(completion({ content: 'ok' }));
      const run = spawnCli(['code', '--exit-with', '0'], {
        env: environment({ DEBUG: 'true', TMPDIR: tempDir }),
        cwd: workDir,
      });
      expect(await run.exited).toBe(0);
      const logFile = /debug logs go to (\S+)/.exec(run.stderr())?.[1];
      expect(logFile).toBeDefined();
      const log = readFileSync(logFile!, 'utf8');
      expect(log).toContain('"url":"/v1/messages"');
      expect(log).toContain('"backendModel":"small-backend"');
      expect(run.stdout()).toBe('');
    } finally {
      rmSync(tempDir, { recursive: true, force: true });
    }
  });

  it.skipIf(process.platform === 'win32')(
    'keeps the debug log private: a fresh 0700 directory of its own in the temp directory, the file 0600',
    async () => {
      const tempDir = mkdtempSync(join(tmpdir(), 'infiniproxy-temp-'));
      try {
        backend.enqueue(completion({ content: 'ok' }));
        const run = spawnCli(['code', '--exit-with', '0'], {
          env: environment({ DEBUG: 'true', TMPDIR: tempDir }),
          cwd: workDir,
        });
        expect(await run.exited).toBe(0);
        const logFile = /debug logs go to (\S+)/.exec(run.stderr())?.[1] ?? '';
        const logDir = dirname(logFile);
        expect(dirname(logDir)).toBe(tempDir);
        // mkdtemp's random suffix: not a name anyone could guess and plant a symlink at.
        expect(basename(logDir)).toMatch(/^infiniproxy-\w{6}$/);
        expect(statSync(logDir).mode & 0o777).toBe(0o700);
        expect(statSync(logFile).mode & 0o777).toBe(0o600);
        expect(readFileSync(logFile, 'utf8')).toContain('"url":"/v1/messages"');
      } finally {
        rmSync(tempDir, { recursive: true, force: true });
      }
    },
  );

  it('exits 127 with an install hint when claude is not on PATH', async () => {
    const emptyDir = mkdtempSync(join(tmpdir(), 'infiniproxy-empty-'));
    try {
      const run = spawnCli(['code'], { env: environment({ PATH: emptyDir }), cwd: workDir });
      expect(await run.exited).toBe(127);
      expect(run.stderr()).toContain('"claude" was not found on PATH');
      expect(run.stderr()).toContain('npm install -g @anthropic-ai/claude-code');
    } finally {
      rmSync(emptyDir, { recursive: true, force: true });
    }
  });
});

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
