import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AuthenticationError } from '../../errors.js';
import { createKeyMatcher } from '../../server/auth/create-key-matcher.js';
import { readPresentedKeys } from '../../server/auth/read-presented-keys.js';
import type { TeamGateway } from '../create-team-gateway.js';
import { VIRTUAL_KEY_PREFIX } from '../keys/generate-key.js';
import type { VirtualKey } from '../keys/virtual-key.js';

/** Discovery and health stay open, as without the gateway; /admin/ checks its own key. */
const OPEN_ROUTES = new Set(['/', '/health']);

const virtualKeys = new WeakMap<FastifyRequest, VirtualKey>();

/** The virtual key a request was authenticated with, if it was. */
export function virtualKeyOf(request: FastifyRequest): VirtualKey | undefined {
  return virtualKeys.get(request);
}

/**
 * The gateway's auth: every API route needs a static PROXY_API_KEY key or an active virtual
 * key, and the request is attributed to the virtual key. /metrics and the inspector's data
 * (/ui/api/*) take a static key or the admin key (a virtual key holder need not see
 * everyone's usage or prompts); the inspector's page files need none. Like the plain hook
 * it decides on the matched route, never the raw URL.
 */
export function registerGatewayAuth(
  app: FastifyInstance,
  staticKeys: readonly string[],
  team: TeamGateway,
): void {
  const matchesStatic = createKeyMatcher(staticKeys);
  const matchesAdmin = createKeyMatcher(team.adminApiKey ? [team.adminApiKey] : []);
  app.addHook('onRequest', async (request) => {
    const { url: route, config } = request.routeOptions;
    if (route !== undefined && (OPEN_ROUTES.has(route) || route.startsWith('/admin/'))) return;
    // The inspector's page files hold no data; the page asks for a key and sends it with every data request.
    if (config?.withoutProxyKey) return;
    const presented = readPresentedKeys(request.headers);
    let staticMatch = false;
    for (const key of presented) staticMatch = matchesStatic(key) || staticMatch;
    if (staticMatch) return;
    // The inspector's data shows every key's prompts and usage: like /metrics, not for a virtual key.
    const everyones =
      route === '/metrics' ? '/metrics' : route?.startsWith('/ui/api/') ? 'The inspector' : null;
    if (everyones) {
      let adminMatch = false;
      for (const key of presented) adminMatch = matchesAdmin(key) || adminMatch;
      if (adminMatch || (staticKeys.length === 0 && team.adminApiKey === undefined)) return;
      throw new AuthenticationError(`${everyones} needs a PROXY_API_KEY key or ADMIN_API_KEY`);
    }
    if (presented.length === 0) {
      throw new AuthenticationError(
        'This proxy requires an API key: send your virtual key (ipk_…) as x-api-key or Authorization: Bearer',
      );
    }
    for (const secret of presented) {
      if (!secret.startsWith(VIRTUAL_KEY_PREFIX)) continue;
      const key = await team.authenticate(secret);
      if (!key) continue;
      virtualKeys.set(request, key);
      request.facts.key = { id: key.id, name: key.name };
      return;
    }
    throw new AuthenticationError('Invalid API key for this proxy');
  });
}
