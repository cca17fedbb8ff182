import { DIALECT_NAMES, dialectsByName } from './all-dialects.js';
import type { Dialect, DialectName } from './dialect.js';

export interface DialectSelection {
  dialect: Dialect;
  /** How it was chosen, for the start-up banner. */
  reason: 'configured' | 'detected from host' | 'detected from port' | 'default';
}

/**
 * Picks the dialect for a backend: the one OPENAI_PROVIDER names, else the one whose host
 * (or local default port) the base URL uses, else generic.
 */
export function selectDialect(backendUrl: string, provider?: DialectName): DialectSelection {
  if (provider) return { dialect: dialectsByName[provider], reason: 'configured' };
  const url = new URL(backendUrl);
  const host = url.hostname.toLowerCase();
  for (const name of DIALECT_NAMES) {
    const hosts = dialectsByName[name].detect.hosts ?? [];
    if (hosts.some((known) => (known.startsWith('.') ? host.endsWith(known) : host === known))) {
      return { dialect: dialectsByName[name], reason: 'detected from host' };
    }
  }
  const port = Number(url.port);
  for (const name of DIALECT_NAMES) {
    if (dialectsByName[name].detect.ports?.includes(port)) {
      return { dialect: dialectsByName[name], reason: 'detected from port' };
    }
  }
  return { dialect: dialectsByName.generic, reason: 'default' };
}
