import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Config } from '../../src/config/config.js';
import { writeConfigFile } from '../helpers/write-config-file.js';

// The server is replaced by a recorder: this file pins how serve wires reloads to it.
const server = vi.hoisted(() => ({
  reloads: [] as Config[],
  logs: [] as { level: string; message: string }[],
  stopped: 0,
}));
vi.mock('../../src/server/start-server.js', () => {
  const log = (level: string) => (first: unknown, second?: string) =>
    server.logs.push({ level, message: typeof first === 'string' ? first : (second ?? '') });
  return {
    startServer: async (config: Config) => ({
      url: 'http://127.0.0.1:1',
      context: { config },
      app: { log: { info: log('info'), warn: log('warn'), error: log('error') } },
      reload: async (next: Config) => {
        server.reloads.push(next);
        return true;
      },
      shutdown: async () => {
        server.stopped++;
      },
    }),
    renderBanner: () => '',
  };
});

const { runServe } = await import('../../src/cli/serve-command.js');

const fileWithDefault = (model: string) =>
  `providers:\n  local:\n    base_url: http://127.0.0.1:11434/v1\nroutes:\n  default: local/${model}\n`;
const WAIT = { timeout: 5000, interval: 20 };
const latestModel = () => server.reloads.at(-1)?.routes.default?.[0]?.model;

let serving: Promise<number> | undefined;
beforeEach(() => {
  server.reloads.length = 0;
  server.logs.length = 0;
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(async () => {
  // runServe stops on SIGINT; emitting it runs the handler without signalling the test process.
  if (serving) process.emit('SIGINT');
  await serving;
  serving = undefined;
  vi.restoreAllMocks();
});

describe('infiniproxy serve with a config file', () => {
  it('hands an edited file to the running server and logs the reload', async () => {
    const path = writeConfigFile(fileWithDefault('first'));
    serving = runServe({ configPath: path });
    await vi.waitFor(() => expect(process.listenerCount('SIGHUP')).toBeGreaterThan(0), WAIT);
    writeFileSync(path, fileWithDefault('second'));
    await vi.waitFor(() => expect(latestModel()).toBe('second'), WAIT);
    expect(server.logs).toContainEqual({ level: 'info', message: 'config reloaded' });
  });

  it('reloads on SIGHUP and logs an invalid file without handing it over', async () => {
    const path = writeConfigFile(fileWithDefault('first'));
    serving = runServe({ configPath: path });
    await vi.waitFor(() => expect(process.listenerCount('SIGHUP')).toBeGreaterThan(0), WAIT);
    process.kill(process.pid, 'SIGHUP');
    await vi.waitFor(() => expect(server.reloads).toHaveLength(1), WAIT);

    writeFileSync(path, fileWithDefault('first').replace('local/first', 'elsewhere/first'));
    await vi.waitFor(() => expect(server.logs.some((log) => log.level === 'error')).toBe(true), WAIT);
    expect(server.reloads).toHaveLength(1);
    expect(server.logs.find((log) => log.level === 'error')!.message).toBe(
      `config not reloaded, the previous one stays: ${path}: routes.default: unknown provider "elsewhere"; providers are local`,
    );
  });

  it('stops watching, SIGHUP included, when it shuts down', async () => {
    const before = process.listenerCount('SIGHUP');
    const path = writeConfigFile(fileWithDefault('first'));
    serving = runServe({ configPath: path });
    await vi.waitFor(() => expect(process.listenerCount('SIGHUP')).toBe(before + 1), WAIT);
    process.emit('SIGINT');
    expect(await serving).toBe(0);
    serving = undefined;
    expect(process.listenerCount('SIGHUP')).toBe(before);
  });

  it('does not watch anything for an environment-only configuration', async () => {
    const before = process.listenerCount('SIGHUP');
    const previous = process.env.INFINIPROXY_CONFIG;
    delete process.env.INFINIPROXY_CONFIG;
    try {
      serving = runServe();
      await vi.waitFor(() => expect(process.listenerCount('SIGINT')).toBeGreaterThan(0), WAIT);
      expect(process.listenerCount('SIGHUP')).toBe(before);
    } finally {
      if (previous !== undefined) process.env.INFINIPROXY_CONFIG = previous;
    }
  });
});
