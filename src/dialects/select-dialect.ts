import type { BackendConfig } from '../config/config.js';
import type { Dialect } from './dialect.js';
import { genericDialect } from './generic.js';

/** Picks the dialect for a backend. Only the generic dialect exists so far. */
export function selectDialect(_backend: BackendConfig): Dialect {
  return genericDialect;
}
