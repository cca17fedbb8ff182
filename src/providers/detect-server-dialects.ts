import type { Config, ProviderConfig } from '../config/config.js';
import {
  recognizeServerDialect,
  type ServerRecognition,
  serverSignatures,
} from '../dialects/recognize-server-dialect.js';
import { isWorthAskingServer, selectDialect } from '../dialects/select-dialect.js';
import { createUpstreamClient } from '../upstream/create-upstream-client.js';
import { readServerFacts } from '../upstream/read-server-facts.js';

/** What each backend said it is, keyed by its base URL (two providers on one server share it). */
export type ServerDialects = ReadonlyMap<string, ServerRecognition>;

/** One line per backend asked, for the start-up log. */
export interface ServerDialectReport {
  provider: string;
  url: string;
  recognized: ServerRecognition | undefined;
}

/**
 * Asks the backends whose URL does not say which server they are (no dialect configured,
 * no known host; a default port is only a guess) what software they run, all at once and
 * for at most `timeoutMs` in total. A backend that is down, slow or says nothing keeps the
 * dialect its URL gives. Start-up waits for this instead of swapping dialects later, so
 * that every request, the first included, is shaped for the same server; the wait is paid
 * only for such URLs, and a local server answers in milliseconds.
 */
export async function detectServerDialects(
  config: Pick<Config, 'providers'>,
  timeoutMs: number,
): Promise<{ dialects: ServerDialects; reports: ServerDialectReport[] }> {
  const unclear = config.providers.filter((provider) =>
    isWorthAskingServer(selectDialect(provider.backend.displayUrl, provider.dialect)),
  );
  const byUrl = new Map<string, ProviderConfig>();
  for (const provider of unclear) {
    if (!byUrl.has(provider.backend.displayUrl)) byUrl.set(provider.backend.displayUrl, provider);
  }
  const signal = AbortSignal.timeout(timeoutMs);
  const answers = await Promise.all(
    [...byUrl.values()].map(async (provider) => [provider, await askServer(provider, signal)] as const),
  );
  const dialects = new Map<string, ServerRecognition>();
  for (const [provider, recognized] of answers) {
    if (recognized) dialects.set(provider.backend.displayUrl, recognized);
  }
  const reports = unclear.map((provider) => ({
    provider: provider.name,
    url: provider.backend.displayUrl,
    recognized: dialects.get(provider.backend.displayUrl),
  }));
  return { dialects, reports };
}

async function askServer(
  provider: ProviderConfig,
  signal: AbortSignal,
): Promise<ServerRecognition | undefined> {
  const client = createUpstreamClient(provider, 'infiniproxy-probe');
  try {
    const facts = await readServerFacts(client, provider.backend.basePath, serverSignatures(), signal);
    return recognizeServerDialect(facts);
  } finally {
    await client.close().catch(() => undefined);
  }
}
