import { renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Config } from '../../src/config/config.js';
import { loadConfigWithWarnings } from '../../src/config/load-config.js';
import { type ConfigFileWatcher, watchConfigFile } from '../../src/config/watch-config-file.js';
import { writeConfigFile } from '../helpers/write-config-file.js';

const fileWithDefault = (model: string) =>
  `providers:\n  local:\n    base_url: http://127.0.0.1:11434/v1\nroutes:\n  default: local/${model}\n`;

let watcher: ConfigFileWatcher | undefined;
afterEach(() => {
  watcher?.close();
  watcher = undefined;
});

/** Watches a fresh file and records every reload and error. */
function watchFile(text: string, options: { reloadOnSighup?: boolean } = {}) {
  const path = writeConfigFile(text);
  const reloads: Config[] = [];
  const errors: Error[] = [];
  watcher = watchConfigFile({
    path,
    load: () => loadConfigWithWarnings({}, null, { configPath: path }),
    onReload: (config) => reloads.push(config),
    onError: (error) => errors.push(error),
    debounceMs: 20,
    ...options,
  });
  const defaultModel = () => reloads.at(-1)?.routes.default?.[0]?.model;
  return { path, reloads, errors, defaultModel };
}

const WAIT = { timeout: 5000, interval: 20 };

describe('watchConfigFile', () => {
  it('reloads when the file is edited in place', async () => {
    const run = watchFile(fileWithDefault('first'));
    writeFileSync(run.path, fileWithDefault('second'));
    await vi.waitFor(() => expect(run.defaultModel()).toBe('second'), WAIT);
    expect(run.errors).toEqual([]);
  });

  it('keeps reloading after an editor replaces the file by renaming a new one over it', async () => {
    const run = watchFile(fileWithDefault('first'));
    const temporary = join(dirname(run.path), '.infiniproxy.yaml.tmp');
    writeFileSync(temporary, fileWithDefault('renamed'));
    renameSync(temporary, run.path);
    await vi.waitFor(() => expect(run.defaultModel()).toBe('renamed'), WAIT);
    writeFileSync(run.path, fileWithDefault('edited-after'));
    await vi.waitFor(() => expect(run.defaultModel()).toBe('edited-after'), WAIT);
  });

  it('reports an invalid edit with its path and reloads once the file is fixed', async () => {
    const run = watchFile(fileWithDefault('first'));
    writeFileSync(run.path, fileWithDefault('first').replace('local/first', 'nowhere/first'));
    await vi.waitFor(() => expect(run.errors).toHaveLength(1), WAIT);
    expect(run.errors[0]!.message).toBe(
      `${run.path}: routes.default: unknown provider "nowhere"; providers are local`,
    );
    expect(run.reloads).toEqual([]);
    writeFileSync(run.path, fileWithDefault('fixed'));
    await vi.waitFor(() => expect(run.defaultModel()).toBe('fixed'), WAIT);
  });

  it('reloads on SIGHUP even when the text is unchanged', async () => {
    const run = watchFile(fileWithDefault('first'), { reloadOnSighup: true });
    process.kill(process.pid, 'SIGHUP');
    await vi.waitFor(() => expect(run.reloads).toHaveLength(1), WAIT);
    expect(run.defaultModel()).toBe('first');
  });

  it('stops listening for SIGHUP when closed', () => {
    const before = process.listenerCount('SIGHUP');
    watchFile(fileWithDefault('first'), { reloadOnSighup: true });
    expect(process.listenerCount('SIGHUP')).toBe(before + 1);
    watcher!.close();
    expect(process.listenerCount('SIGHUP')).toBe(before);
  });
});
