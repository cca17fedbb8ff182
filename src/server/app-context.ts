import type { Config } from '../config/config.js';
import type { Dialect } from '../dialects/dialect.js';
import type { UpstreamClient } from '../upstream/create-upstream-client.js';

/** Everything a route needs, built once at start-up and passed down explicitly. */
export interface AppContext {
  config: Config;
  dialect: Dialect;
  upstream: UpstreamClient;
}

/** Per-request facts the one-line access log reports. */
export interface RequestFacts {
  clientModel: string | null;
  backendModel: string | null;
  stream: boolean;
}
