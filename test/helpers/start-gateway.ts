import Anthropic from '@anthropic-ai/sdk';
import type { Config, ProviderConfig, RouteChain, RouteTable } from '../../src/config/config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { parseBaseUrl } from '../../src/config/parse-base-url.js';
import type { DialectName } from '../../src/dialects/dialect.js';
import { type RunningServer, type StartServerOptions, startServer } from '../../src/server/start-server.js';

export interface GatewayOptions {
  /** Provider name → base URL (a scripted backend's baseUrl). */
  providers: Record<string, string | GatewayProvider>;
  routes: Partial<Omit<RouteTable, 'families'>> & { families?: Partial<RouteTable['families']> };
  retry?: Partial<Config['retry']>;
  cooldown?: Partial<Config['cooldown']>;
  /** Where the proxy writes its log lines; none are written without it. */
  logDestination?: StartServerOptions['logDestination'];
}

export interface GatewayProvider {
  url: string;
  dialect?: DialectName;
  maxConcurrency?: number;
  timeouts?: Partial<ProviderConfig['timeouts']>;
  protocol?: ProviderConfig['protocol'];
  authHeader?: ProviderConfig['authHeader'];
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
    const settings: GatewayProvider = typeof value === 'string' ? { url: value } : value;
    return {
      ...template,
      name,
      backend: { ...parseBaseUrl(settings.url)!, apiKey: `sk-${name}-key`, isDefault: false },
      dialect: settings.dialect,
      maxConcurrency: settings.maxConcurrency,
      protocol: settings.protocol,
      authHeader: settings.authHeader,
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
  // Scripted backends record every request: discovery and the start-up probe would add to them.
  const server = await startServer(config, {
    modelDiscovery: false,
    serverProbeMs: 0,
    ...(options.logDestination ? { logDestination: options.logDestination } : { logger: false }),
  });
  const client = new Anthropic({ baseURL: server.url, apiKey: 'test-client-key', maxRetries: 0 });
  return { url: server.url, server, client, close: () => server.close() };
}
