import { type FSWatcher, readFileSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Config } from './config.js';
import type { LoadedConfig } from './load-config.js';

export interface WatchConfigFileOptions {
  /** The config file, as Config.source records it. */
  path: string;
  /** Reads and validates the whole configuration again; throws ConfigError when it is invalid. */
  load: () => LoadedConfig;
  /** A valid new configuration; requests already running keep the one they started with. */
  onReload: (config: Config, warnings: string[]) => void;
  /** An invalid file (or a watch failure): the configuration in effect stays. */
  onError: (error: Error) => void;
  /** Quiet time after the last change before the file is read; editors write in several steps. */
  debounceMs?: number;
  /** Reload on SIGHUP too (the command line does; tests that run in-process need not). */
  reloadOnSighup?: boolean;
}

export interface ConfigFileWatcher {
  /** Reloads now, as SIGHUP does, even when the file's text has not changed. */
  reload(): void;
  close(): void;
}

const DEFAULT_DEBOUNCE_MS = 150;

/**
 * Re-reads the config file when it changes on disk and on SIGHUP. The directory is watched,
 * not the file: editors and config managers replace a file by renaming a new one over it,
 * and a watch on the old file would go quiet after the first save. A change that leaves the
 * text as it was (a touch, a second event for the same save) reloads nothing; a file that is
 * missing for a moment mid-replace is waited for rather than reported.
 */
export function watchConfigFile(options: WatchConfigFileOptions): ConfigFileWatcher {
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  const fileName = basename(options.path);
  let lastText = readTextOrUndefined(options.path);
  let timer: NodeJS.Timeout | undefined;

  const reload = (force: boolean) => {
    const text = readTextOrUndefined(options.path);
    if (!force && (text === undefined || text === lastText)) return;
    lastText = text;
    let loaded: LoadedConfig;
    try {
      loaded = options.load();
    } catch (error) {
      options.onError(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    options.onReload(loaded.config, loaded.warnings);
  };

  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      reload(false);
    }, debounceMs);
    timer.unref();
  };

  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(options.path), { persistent: false }, (_event, changed) => {
      // Some platforms do not say which file changed; reading it again is cheap.
      if (changed === null || changed === fileName) schedule();
    });
    watcher.on('error', (error) => options.onError(error));
  } catch (error) {
    options.onError(error instanceof Error ? error : new Error(String(error)));
  }

  const onSighup = () => reload(true);
  if (options.reloadOnSighup) process.on('SIGHUP', onSighup);

  return {
    reload: () => reload(true),
    close: () => {
      if (timer) clearTimeout(timer);
      watcher?.close();
      if (options.reloadOnSighup) process.off('SIGHUP', onSighup);
    },
  };
}

function readTextOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
