/** The validated configuration every other module receives; nothing else reads the environment. */
export interface Config {
  backend: BackendConfig;
  /** Backend model for Claude model names; undefined passes the client's model through. */
  model: string | undefined;
  host: string;
  port: number;
  /** Upstream timeout: time to response headers, and the longest silence between body chunks. */
  timeoutMs: number;
  debug: boolean;
}

export interface BackendConfig {
  /** Origin only, e.g. https://api.deepseek.com — the undici pool's key. */
  origin: string;
  /** Path of the chat completions endpoint, e.g. /v1/chat/completions. */
  chatCompletionsPath: string;
  /** Path prefix the other endpoints (models) hang off, e.g. /v1. */
  basePath: string;
  /** The base URL as the user would recognise it (no credentials), for banners and errors. */
  displayUrl: string;
  apiKey: string | undefined;
  /** True when OPENAI_BASE_URL was not set and the local Ollama default is in use. */
  isDefault: boolean;
}
