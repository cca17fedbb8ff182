import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { InvalidRequestError, NotFoundError } from '../../errors.js';
import { withModelFacts } from '../../models/with-model-facts.js';
import { buildModelCatalog, describeModel, type ModelEntry } from '../../routing/build-model-catalog.js';
import type { AppContext } from '../app-context.js';
import { formatValidationError } from '../format-validation-error.js';
import { paginateById } from '../paginate-by-id.js';

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(20),
  after_id: z.string().min(1).optional(),
  before_id: z.string().min(1).optional(),
});

/**
 * Model discovery in Anthropic's shape. Claude Code asks for the list (gateway model
 * discovery) and a missing endpoint makes it report the selected model as broken.
 */
export function registerModelsRoutes(app: FastifyInstance, context: AppContext): void {
  // Built once per configuration: a reload brings its own.
  const catalogs = new WeakMap<object, ModelEntry[]>();
  const catalogOf = (config: AppContext['gateway']['config']): ModelEntry[] => {
    let catalog = catalogs.get(config);
    if (!catalog) {
      catalog = buildModelCatalog(config);
      catalogs.set(config, catalog);
    }
    return catalog;
  };

  app.get('/v1/models', async (request) => {
    const parsed = listQuery.safeParse(request.query);
    if (!parsed.success) throw new InvalidRequestError(formatValidationError(parsed.error));
    if (parsed.data.after_id !== undefined && parsed.data.before_id !== undefined) {
      throw new InvalidRequestError('Use after_id or before_id, not both');
    }
    const { config, providers } = context.gateway;
    // Facts change as backends publish them; the catalog itself is fixed per configuration.
    return paginateById(withModelFacts(catalogOf(config), providers), parsed.data);
  });

  app.get<{ Params: { modelId: string } }>('/v1/models/:modelId', async (request) => {
    const { modelId } = request.params;
    const { config } = context.gateway;
    const entry = catalogOf(config).find((model) => model.id === modelId) ?? describeModel(config, modelId);
    if (!entry) {
      throw new NotFoundError(
        `model: ${modelId} is not served by this proxy; GET /v1/models lists the models it serves`,
      );
    }
    return withModelFacts([entry], context.gateway.providers)[0];
  });
}
