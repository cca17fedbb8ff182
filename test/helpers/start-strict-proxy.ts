import type { DialectName } from '../../src/dialects/dialect.js';
import { startProxy, type TestProxy } from './start-proxy.js';
import { type StrictBackend, startStrictBackend } from './start-strict-backend.js';

export interface StrictPair {
  backend: StrictBackend;
  proxy: TestProxy;
  close(): Promise<void>;
}

/**
 * The real proxy configured for `dialect` (OPENAI_PROVIDER) in front of a strict backend of
 * that dialect; `provider` configures the proxy for another dialect, as a user who left
 * OPENAI_PROVIDER unset for a gateway URL would.
 */
export async function startStrictProxy(
  dialect: DialectName,
  model: string,
  provider: DialectName = dialect,
): Promise<StrictPair> {
  const backend = await startStrictBackend(dialect);
  const proxy = await startProxy({
    OPENAI_BASE_URL: backend.baseUrl,
    OPENAI_API_KEY: 'sk-strict-backend',
    OPENAI_PROVIDER: provider,
    OPENAI_MODEL: model,
  });
  return {
    backend,
    proxy,
    close: async () => {
      await proxy.close();
      await backend.close();
    },
  };
}
