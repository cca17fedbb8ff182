import type { ServerFacts } from '../dialects/recognize-server-dialect.js';
import type { UpstreamClient, UpstreamResponse } from './create-upstream-client.js';

/** Larger answers are not a model list or a props object worth reading at start-up. */
const MAX_BODY_BYTES = 256 * 1024;

/**
 * Asks a backend what it is, cheaply: GET {basePath}/models for the `owned_by` of its
 * entries, and each signature path for the JSON object only that server answers, all at
 * once. Never throws: a refused connection, an error status or a body that is not JSON
 * just says nothing. `signal` bounds the whole exchange.
 */
export async function readServerFacts(
  client: UpstreamClient,
  basePath: string,
  signatures: readonly { path: string; key: string }[],
  signal: AbortSignal,
): Promise<ServerFacts> {
  const [models, ...answers] = await Promise.all([
    getJson(client, `${basePath}/models`, signal),
    ...signatures.map((signature) => getJson(client, signature.path, signal)),
  ]);
  const entries = isRecord(models) && Array.isArray(models.data) ? models.data : [];
  const modelOwners = entries
    .map((entry) => (isRecord(entry) ? entry.owned_by : undefined))
    .filter((owner): owner is string => typeof owner === 'string');
  const signaturePaths = signatures
    .filter((signature, index) => {
      const answer = answers[index];
      return isRecord(answer) && Object.hasOwn(answer, signature.key);
    })
    .map((signature) => signature.path);
  return { modelOwners, signaturePaths };
}

async function getJson(client: UpstreamClient, path: string, signal: AbortSignal): Promise<unknown> {
  let response: UpstreamResponse;
  try {
    response = await client.call({ method: 'GET', path, signal });
  } catch {
    return undefined;
  }
  const length = Number(response.headers['content-length'] ?? 0);
  if (response.statusCode !== 200 || length > MAX_BODY_BYTES) {
    // Drained rather than left unread, which would hold the connection until the pool closes.
    await response.body.dump({ limit: MAX_BODY_BYTES }).catch(() => undefined);
    return undefined;
  }
  try {
    const text = await response.body.text();
    return text.length > MAX_BODY_BYTES ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
