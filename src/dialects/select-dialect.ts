import { DIALECT_NAMES, dialectsByName } from './all-dialects.js';
import type { Dialect, DialectName } from './dialect.js';

export interface DialectSelection {
  dialect: Dialect;
  /** How it was chosen, for the start-up banner. */
  reason: 'configured' | 'detected from host' | 'detected from server' | 'detected from port' | 'default';
}

/**
 * Picks the dialect for a backend: the one OPENAI_PROVIDER names, else the one whose host
 * the base URL uses, else the one the server named when asked at start-up, else the one
 * whose local default port the URL uses, else generic. The server's own word beats a port:
 * 8080 and 8000 are the default of more than one server.
 */
export function selectDialect(
  backendUrl: string,
  provider?: DialectName,
  serverSays?: DialectName,
): DialectSelection {
  if (provider) return { dialect: dialectsByName[provider], reason: 'configured' };
  const url = new URL(backendUrl);
  const host = url.hostname.toLowerCase();
  for (const name of DIALECT_NAMES) {
    const hosts = dialectsByName[name].detect.hosts ?? [];
    if (hosts.some((known) => (known.startsWith('.') ? host.endsWith(known) : host === known))) {
      return { dialect: dialectsByName[name], reason: 'detected from host' };
    }
  }
  if (serverSays) return { dialect: dialectsByName[serverSays], reason: 'detected from server' };
  const port = Number(url.port);
  for (const name of DIALECT_NAMES) {
    if (dialectsByName[name].detect.ports?.includes(port)) {
      return { dialect: dialectsByName[name], reason: 'detected from port' };
    }
  }
  return { dialect: dialectsByName.generic, reason: 'default' };
}

/** Whether asking the server what it is could change the choice: only when the URL was not conclusive. */
export function isWorthAskingServer(selection: DialectSelection): boolean {
  return selection.reason === 'default' || selection.reason === 'detected from port';
}
