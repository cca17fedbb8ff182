import type { ProviderConfig } from '../config/config.js';
import type { Dialect } from '../dialects/dialect.js';
import type { UpstreamClient } from '../upstream/create-upstream-client.js';
import { type ModelDiscovery, selectModelDiscovery } from './discovery/select-model-discovery.js';
import { mergeModelFacts } from './merge-model-facts.js';
import type { ModelFacts, PlainModelFacts } from './model-facts.js';
import { readBuiltInFacts } from './read-built-in-facts.js';

/** How often published facts are read again: a local server may load another model, or another window. */
export const DEFAULT_REFRESH_MS = 10 * 60_000;
/** One discovery request may take this long; a slow model list must not hold anything up. */
const FETCH_TIMEOUT_MS = 5_000;

export interface ModelFactsStore {
  /** The facts in effect for a model right now: config, then what the backend published, then the built-in table. */
  get(model: string): ModelFacts;
  /** True once a model's published facts were read or failed to be (or nothing is to be read). */
  isSettled(model: string): boolean;
  /**
   * Waits, at most `timeoutMs`, until the model's published facts are in. Never rejects: a
   * slow or failing backend leaves the facts unknown and the request goes on.
   */
  settle(model: string, timeoutMs: number): Promise<void>;
  /**
   * Reads the backend's facts now and every `refreshMs` after, for the models given (a list
   * backend answers for all of its models at once). Failures are reported through `log`,
   * once until a read succeeds again.
   */
  start(options: StartOptions): void;
  /** Reads the facts again now; resolves when done. */
  refresh(): Promise<void>;
  stop(): void;
}

export interface StartOptions {
  models: readonly string[];
  log?: ((message: string) => void) | undefined;
  refreshMs?: number | undefined;
}

export interface ModelFactsStoreOptions {
  config: ProviderConfig;
  dialect: Dialect;
  upstream: Pick<UpstreamClient, 'call'>;
}

/**
 * The facts of one provider's models. Published facts are fetched in the background (never
 * on a request's behalf, beyond the short wait `settle` allows) and kept until the next
 * refresh replaces them; a failed refresh keeps the last facts that were read.
 */
export function createModelFactsStore(options: ModelFactsStoreOptions): ModelFactsStore {
  const { config, dialect, upstream } = options;
  const discovery: ModelDiscovery = selectModelDiscovery(dialect.name);
  let published = new Map<string, PlainModelFacts>();
  const perModel = new Map<string, Promise<void>>();
  /** Models whose per-model read has finished at least once, whatever its outcome. */
  const settledModels = new Set<string>();
  let listRead: Promise<void> | undefined;
  let listSettled = discovery.kind !== 'list';
  let started = false;
  let timer: NodeJS.Timeout | undefined;
  let log: (message: string) => void = () => undefined;
  let failureReported = false;
  let wanted: string[] = [];

  const reportFailure = (what: string, error: unknown) => {
    if (failureReported) return;
    failureReported = true;
    const reason = error instanceof Error ? error.message : String(error);
    log(
      `provider ${config.name}: could not read model facts from ${what} (${reason}); ` +
        'facts the backend publishes stay unknown until a later refresh succeeds',
    );
  };

  const fetchJson = async (method: 'GET' | 'POST', path: string, body?: string): Promise<unknown> => {
    const response = await upstream.call({
      method,
      path,
      body,
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      timeouts: { firstByteMs: FETCH_TIMEOUT_MS, idleMs: FETCH_TIMEOUT_MS },
    });
    const text = await response.body.text();
    if (response.statusCode < 200 || response.statusCode >= 300)
      throw new Error(`HTTP ${response.statusCode}`);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new Error('the answer is not JSON');
    }
  };

  const readList = async (): Promise<void> => {
    if (discovery.kind !== 'list') return;
    const path = discovery.path(config.backend.basePath);
    try {
      published = discovery.parse(await fetchJson('GET', path));
      failureReported = false;
    } catch (error) {
      reportFailure(`GET ${path}`, error);
    } finally {
      listSettled = true;
    }
  };

  const readModel = async (model: string): Promise<void> => {
    if (discovery.kind !== 'per-model') return;
    const path = discovery.path(config.backend.basePath);
    try {
      const facts = discovery.parse(await fetchJson('POST', path, discovery.body(model)));
      const next = new Map(published);
      next.set(model, facts);
      published = next;
      failureReported = false;
    } catch (error) {
      reportFailure(`POST ${path} for ${model}`, error);
    } finally {
      settledModels.add(model);
    }
  };

  /** Starts reading one model's facts unless that is under way or done. */
  const ensureModel = (model: string): Promise<void> => {
    let reading = perModel.get(model);
    if (!reading) {
      reading = readModel(model);
      perModel.set(model, reading);
    }
    return reading;
  };

  const refresh = async (): Promise<void> => {
    if (discovery.kind === 'list') {
      listRead = readList();
      await listRead;
    } else if (discovery.kind === 'per-model') {
      const models = new Set([...wanted, ...perModel.keys()]);
      perModel.clear();
      await Promise.all([...models].map(ensureModel));
    }
  };

  const settledFor = (model: string): Promise<void> | undefined => {
    if (!started) return undefined;
    if (discovery.kind === 'list') return listSettled ? undefined : listRead;
    if (discovery.kind === 'per-model') return ensureModel(model);
    return undefined;
  };

  return {
    get(model) {
      return mergeModelFacts([
        { source: 'config', facts: config.modelInfo?.[model] },
        { source: 'backend', facts: published.get(model) },
        { source: 'built-in', facts: readBuiltInFacts(dialect, model) },
      ]);
    },
    isSettled(model) {
      if (!started || discovery.kind === 'none') return true;
      if (discovery.kind === 'list') return listSettled;
      return settledModels.has(model);
    },
    async settle(model, timeoutMs) {
      const pending = settledFor(model);
      if (!pending) return;
      let wait: NodeJS.Timeout | undefined;
      await Promise.race([
        pending,
        new Promise<void>((resolve) => {
          wait = setTimeout(resolve, timeoutMs);
        }),
      ]);
      clearTimeout(wait);
    },
    start(startOptions) {
      if (started || discovery.kind === 'none') return;
      started = true;
      wanted = [...startOptions.models];
      if (startOptions.log) log = startOptions.log;
      void refresh();
      const refreshMs = startOptions.refreshMs ?? DEFAULT_REFRESH_MS;
      timer = setInterval(() => void refresh(), refreshMs);
      // Discovery alone must never keep the process alive.
      timer.unref();
    },
    refresh,
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
