import Anthropic from '@anthropic-ai/sdk';
import type { Config, ProviderConfig, RouteChain, RouteTable } from '../../src/config/config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { parseBaseUrl } from '../../src/config/parse-base-url.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';

export interface GatewayOptions {
  /** Provider name → base URL (a scripted backend's baseUrl). */
  providers: Record<
    string,
    string | { url: string; maxConcurrency?: number; timeouts?: Partial<ProviderConfig['timeouts']> }
  >;
  routes: Partial<Omit<RouteTable, 'families'>> & { families?: Partial<RouteTable['families']> };
  retry?: Partial<Config['retry']>;
  cooldown?: Partial<Config['cooldown']>;
}

export interface TestGateway {
  url: string;
  server: RunningServer;
  /** The official SDK, retries off: any recovery seen is the proxy's own. */
  client: Anthropic;
  close(): Promise<void>;
}

/** `['a/m1', 'b/m2']` as a route chain. */
export function chain(...entries: string[]): RouteChain {
  return entries.map((entry) => {
    const slash = entry.indexOf('/');
    return { provider: entry.slice(0, slash), model: entry.slice(slash + 1) };
  });
}

/**
 * The real proxy with several providers, configured as a config file would configure it,
 * on a free 127.0.0.1 port.
 */
export async function startGateway(options: GatewayOptions): Promise<TestGateway> {
  const base = loadConfig({ PROXY_HOST: '127.0.0.1', PROXY_PORT: '0' }, null);
  const template = base.providers[0]!;
  const providers: ProviderConfig[] = Object.entries(options.providers).map(([name, value]) => {
    const settings = typeof value === 'string' ? { url: value } : value;
    return {
      ...template,
      name,
      backend: { ...parseBaseUrl(settings.url)!, apiKey: `sk-${name}-key`, isDefault: false },
      maxConcurrency: settings.maxConcurrency,
      timeouts: { ...template.timeouts, ...settings.timeouts },
    };
  });
  const config: Config = {
    ...base,
    source: { kind: 'file', path: 'test-gateway.yaml' },
    providers,
    routes: {
      models: {},
      longContext: undefined,
      image: undefined,
      thinking: undefined,
      default: undefined,
      ...options.routes,
      families: { opus: undefined, sonnet: undefined, haiku: undefined, ...options.routes.families },
    },
    retry: { ...base.retry, ...options.retry },
    cooldown: { ...base.cooldown, ...options.cooldown },
  };
  // Scripted backends record every request, so the start-up probe that would add to them is off.
  const server = await startServer(config, { logger: false, serverProbeMs: 0 });
  const client = new Anthropic({ baseURL: server.url, apiKey: 'test-client-key', maxRetries: 0 });
  return { url: server.url, server, client, close: () => server.close() };
}
