import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AuthenticationError, InvalidRequestError, NotFoundError, ProxyError } from '../../errors.js';
import { createKeyMatcher } from '../../server/auth/create-key-matcher.js';
import { readPresentedKeys } from '../../server/auth/read-presented-keys.js';
import { formatValidationError } from '../../server/format-validation-error.js';
import { parseRequestBody } from '../../server/parse-request-body.js';
import type { TeamGateway } from '../create-team-gateway.js';
import { KeyStoreError } from '../keys/key-store.js';
import { createKeyBodySchema } from '../keys/read-key-settings.js';
import { describeKey } from '../keys/virtual-key.js';
import { parseSince } from '../ledger/parse-since.js';
import { USAGE_GROUPS } from '../ledger/usage-groups.js';

const usageQuerySchema = z
  .object({
    by: z.enum(USAGE_GROUPS).default('key'),
    since: z
      .string()
      .default('30d')
      .refine(
        (text) => parseSince(text, 0) !== undefined,
        'must be a duration (7d, 12h) or a date (2026-01-31)',
      ),
  })
  .strict();

/**
 * The admin API: the CLI's key and usage commands over HTTP, guarded by ADMIN_API_KEY alone.
 * Neither a PROXY_API_KEY key nor a virtual key opens it; without ADMIN_API_KEY it is closed.
 */
export function registerAdminRoutes(app: FastifyInstance, team: TeamGateway): void {
  const matchesAdmin = createKeyMatcher(team.adminApiKey ? [team.adminApiKey] : []);
  const onRequest = async (request: { headers: Parameters<typeof readPresentedKeys>[0] }) => {
    if (!team.adminApiKey) {
      throw new ProxyError(
        'ADMIN_OFF',
        'permission_error',
        'The admin API is off: set ADMIN_API_KEY on the proxy',
      );
    }
    const presented = readPresentedKeys(request.headers);
    let accepted = false;
    for (const key of presented) accepted = matchesAdmin(key) || accepted;
    if (!accepted)
      throw new AuthenticationError(
        'The admin API needs ADMIN_API_KEY as x-api-key or Authorization: Bearer',
      );
  };
  const keyOperation = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof KeyStoreError) {
        if (error.reason === 'not_found') throw new NotFoundError(error.message);
        throw new ProxyError('KEY_NAME_TAKEN', 'invalid_request_error', error.message, { status: 409 });
      }
      throw error;
    }
  };

  app.get('/admin/keys', { onRequest }, async () => {
    const now = Date.now();
    return { data: (await team.keys.list()).map((key) => describeKey(key, now)) };
  });
  app.post('/admin/keys', { onRequest }, async (request, reply) => {
    const settings = parseRequestBody(createKeyBodySchema, request.body);
    const created = await keyOperation(() => team.keys.create(settings));
    reply.code(201);
    return { ...describeKey(created.key, Date.now()), key: created.secret };
  });
  app.get<{ Params: { key: string } }>('/admin/keys/:key', { onRequest }, async (request) => {
    const key = await team.keys.find(request.params.key);
    if (!key) throw new NotFoundError(`No key named or with id ${JSON.stringify(request.params.key)}`);
    return describeKey(key, Date.now());
  });
  app.post<{ Params: { key: string } }>('/admin/keys/:key/revoke', { onRequest }, async (request) => {
    const key = await keyOperation(() => team.keys.revoke(request.params.key));
    return describeKey(key, Date.now());
  });
  app.delete<{ Params: { key: string } }>('/admin/keys/:key', { onRequest }, async (request) => {
    const key = await keyOperation(() => team.keys.revoke(request.params.key));
    return describeKey(key, Date.now());
  });
  app.post<{ Params: { key: string } }>('/admin/keys/:key/rotate', { onRequest }, async (request) => {
    const rotated = await keyOperation(() => team.keys.rotate(request.params.key));
    return { ...describeKey(rotated.key, Date.now()), key: rotated.secret };
  });
  app.get('/admin/usage', { onRequest }, async (request) => {
    const parsed = usageQuerySchema.safeParse(request.query);
    if (!parsed.success) throw new InvalidRequestError(formatValidationError(parsed.error));
    const now = Date.now();
    const since = parseSince(parsed.data.since, now) ?? now;
    // Queued rows first, so the answer includes requests that ended a moment ago.
    await team.ledger.flush().catch(() => undefined);
    const rows = await team.queryUsage({ by: parsed.data.by, since });
    return { by: parsed.data.by, since: new Date(since).toISOString(), data: rows };
  });
}
