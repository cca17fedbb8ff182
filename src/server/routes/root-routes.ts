import type { FastifyInstance } from 'fastify';
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
  const { config, dialect } = context;
  const description = {
    name: NAME,
    version: VERSION,
    status: 'ok',
    endpoints: ENDPOINTS,
    backend: {
      url: config.backend.displayUrl,
      dialect: dialect.name,
      model: config.model ?? null,
      family_models: {
        opus: config.familyModels.opus ?? null,
        sonnet: config.familyModels.sonnet ?? null,
        haiku: config.familyModels.haiku ?? null,
      },
      authenticated: config.backend.apiKey !== undefined,
    },
  };
  app.get('/', async () => description);
  app.get('/health', async () => ({ status: 'ok' }));
}
