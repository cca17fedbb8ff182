import type { FastifyInstance } from 'fastify';
import { describeDialectReason } from '../../dialects/describe-dialect-reason.js';
import { describeChain } from '../../routing/describe-routes.js';
import { NAME, VERSION } from '../../version.js';
import type { AppContext } from '../app-context.js';

const ENDPOINTS = [
  'GET /',
  'HEAD /',
  'GET /health',
  'POST /v1/messages',
  'POST /v1/messages/count_tokens',
  'GET /v1/models',
  'GET /v1/models/{model_id}',
  'GET /metrics',
];

/** Discovery and health. Fastify answers HEAD / from the GET route, which is what Claude Code probes. */
export function registerRootRoutes(app: FastifyInstance, context: AppContext): void {
  app.get('/', async () => {
    const { config, providers } = context.gateway;
    const { routes } = config;
    const chain = (value: Parameters<typeof describeChain>[0] | undefined) =>
      value ? describeChain(value) : null;
    return {
      name: NAME,
      version: VERSION,
      status: 'ok',
      endpoints: ENDPOINTS,
      config: config.source.kind === 'file' ? config.source.path : 'environment',
      providers: providers.all.map((provider) => ({
        name: provider.name,
        url: provider.config.backend.displayUrl,
        protocol: provider.protocol,
        dialect: provider.dialect.name,
        dialect_reason: describeDialectReason(provider.dialectReason),
        authenticated: provider.config.backend.apiKey !== undefined,
        health: provider.health.coolingDown() ? 'cooling_down' : 'ok',
        in_flight: provider.health.inFlight,
        queued: provider.health.queued,
      })),
      routes: {
        default: chain(routes.default),
        opus: chain(routes.families.opus),
        sonnet: chain(routes.families.sonnet),
        haiku: chain(routes.families.haiku),
        thinking: chain(routes.thinking),
        image: chain(routes.image),
        long_context: routes.longContext
          ? { threshold: routes.longContext.threshold, to: describeChain(routes.longContext.chain) }
          : null,
        models: Object.fromEntries(
          Object.entries(routes.models).map(([name, value]) => [name, describeChain(value)]),
        ),
      },
    };
  });
  app.get('/health', async () => ({ status: 'ok' }));
}
