import { afterAll, afterEach, beforeAll } from 'vitest';
import { type ScriptedBackend, startScriptedBackend } from './scripted-backend.js';
import { startProxy, type TestProxy } from './start-proxy.js';

export interface ProxyAndBackend {
  backend: ScriptedBackend;
  proxy: TestProxy;
}

type StartProxyOptions = NonNullable<Parameters<typeof startProxy>[1]>;

export interface ProxyAndBackendHarness {
  /** Starts a scripted backend and the proxy in front of it, configured by these settings. */
  start(env?: Record<string, string>, options?: StartProxyOptions): Promise<ProxyAndBackend>;
  /** The pair the running test started; throws if it started none. */
  readonly current: ProxyAndBackend;
}

/** For a test file whose tests each start their own backend and proxy; both close after each test. */
export function useProxyAndBackend(): ProxyAndBackendHarness {
  let started: ProxyAndBackend | undefined;
  afterEach(async () => {
    const pair = started;
    started = undefined;
    try {
      await pair?.proxy.close();
    } finally {
      await pair?.backend.close();
    }
  });
  return {
    async start(env = {}, options = {}) {
      const backend = await startScriptedBackend();
      const proxy = await startProxy({ OPENAI_BASE_URL: backend.baseUrl, ...env }, options);
      started = { backend, proxy };
      return started;
    },
    get current() {
      if (!started) throw new Error('no backend and proxy were started in this test');
      return started;
    },
  };
}

export interface SharedProxyAndBackendOptions extends StartProxyOptions {
  /** Empties backend.requests after each test, so each test sees only the requests it caused. */
  emptyRequestsAfterEach?: boolean;
}

/**
 * For a test file (or describe block) whose tests share one backend and one proxy: both start
 * before its first test and close after its last. Read `backend` and `proxy` inside tests and hooks.
 */
export function useSharedProxyAndBackend(
  env: Record<string, string> = {},
  { emptyRequestsAfterEach = false, ...options }: SharedProxyAndBackendOptions = {},
): ProxyAndBackend {
  let started: ProxyAndBackend | undefined;
  let startedBackend: ScriptedBackend | undefined;
  beforeAll(async () => {
    startedBackend = await startScriptedBackend();
    const proxy = await startProxy({ OPENAI_BASE_URL: startedBackend.baseUrl, ...env }, options);
    started = { backend: startedBackend, proxy };
  });
  afterAll(async () => {
    const pair = started;
    const backend = startedBackend;
    started = undefined;
    startedBackend = undefined;
    try {
      await pair?.proxy.close();
    } finally {
      await backend?.close();
    }
  });
  if (emptyRequestsAfterEach) {
    afterEach(() => {
      if (started) started.backend.requests.length = 0;
    });
  }
  const current = (): ProxyAndBackend => {
    if (!started) throw new Error('the shared backend and proxy are not running outside this file’s tests');
    return started;
  };
  return {
    get backend() {
      return current().backend;
    },
    get proxy() {
      return current().proxy;
    },
  };
}
