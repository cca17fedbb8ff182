import { afterEach } from 'vitest';
import { type ScriptedBackend, startScriptedBackend } from './scripted-backend.js';
import { startProxy, type TestProxy } from './start-proxy.js';

export interface ProxyAndBackend {
  backend: ScriptedBackend;
  proxy: TestProxy;
}

export interface ProxyAndBackendHarness {
  /** Starts a scripted backend and the proxy in front of it, configured by these settings. */
  start(env?: Record<string, string>, options?: Parameters<typeof startProxy>[1]): Promise<ProxyAndBackend>;
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
