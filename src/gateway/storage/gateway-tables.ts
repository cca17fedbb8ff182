/**
 * The tables the team gateway keeps, as Kysely sees them. Times are milliseconds since the
 * epoch in bigint columns and booleans are 0/1 integers: the one representation SQLite and
 * PostgreSQL both store and return the same way.
 */
export interface GatewayTables {
  virtual_keys: VirtualKeyTable;
  ledger: LedgerTable;
}

export interface VirtualKeyTable {
  id: string;
  name: string;
  /** sha256 of the key, hex; the key itself is never stored. */
  key_hash: string;
  /** The first characters of the key, so a person can tell their keys apart in a list. */
  key_prefix: string;
  /** JSON array of allowed client model names; null allows every model. */
  models: string | null;
  budget_usd: number | null;
  budget_period: string | null;
  rpm: number | null;
  tpm: number | null;
  max_streams: number | null;
  expires_at: number | null;
  created_at: number;
  revoked_at: number | null;
  rotated_at: number | null;
}

export interface LedgerTable {
  /** The proxy's request id: a primary key, so a row written twice is refused, not counted twice. */
  request_id: string;
  time: number;
  key_id: string | null;
  key_name: string | null;
  client_model: string | null;
  route: string | null;
  provider: string | null;
  backend_model: string | null;
  stream: number;
  status: number;
  error_type: string | null;
  attempts: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  cost_usd: number;
  latency_ms: number;
  ttft_ms: number | null;
}
