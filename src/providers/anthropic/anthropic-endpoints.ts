import type { AuthHeader } from '../../config/config.js';

/** The client headers of the Messages API that may be passed on to a provider. */
export type AnthropicClientHeader = 'anthropic-version' | 'anthropic-beta';

/**
 * What one provider's Anthropic-compatible endpoint takes, as data: how its key is sent,
 * which of the client's Anthropic headers reach it, and which request fields it refuses.
 * Each entry follows the provider's own compatibility page for Claude Code or the Anthropic
 * SDK; test/providers/anthropic-endpoints.test.ts holds one test per entry and field.
 */
export interface AnthropicEndpoint {
  readonly name: string;
  readonly label: string;
  /** Host names, or suffixes of them starting with a dot. */
  readonly hosts: readonly string[];
  /** The header the provider's documentation puts the key in. */
  readonly auth: AuthHeader;
  /** The client's headers passed on; the others are left out. */
  readonly forwardHeaders: readonly AnthropicClientHeader[];
  /** Request fields removed before the body is sent, as dotted paths (`output_config.format`). */
  readonly strippedFields: readonly string[];
}

/**
 * Fields that only exist under an `anthropic-beta` flag. Where the beta header is not passed
 * on, a field it unlocks would be refused as unknown ("Extra inputs are not permitted"), as
 * the Messages API itself refuses it without the header, so it goes with the header.
 * Claude Code sends context_management with every turn.
 */
const BETA_ONLY_FIELDS = ['context_management', 'mcp_servers'] as const;

/** Third-party endpoints implement no Anthropic betas: their docs list the header as ignored or not at all. */
const VERSION_ONLY: readonly AnthropicClientHeader[] = ['anthropic-version'];
/** Endpoints in front of Anthropic's own models, where betas keep their meaning. */
const BOTH_HEADERS: readonly AnthropicClientHeader[] = ['anthropic-version', 'anthropic-beta'];

export const deepseekEndpoint: AnthropicEndpoint = {
  name: 'deepseek',
  label: 'DeepSeek',
  hosts: ['api.deepseek.com'],
  // https://api-docs.deepseek.com/guides/anthropic_api: x-api-key fully supported, both headers ignored.
  auth: 'x-api-key',
  forwardHeaders: VERSION_ONLY,
  // The same page: output_config takes effort only.
  strippedFields: [...BETA_ONLY_FIELDS, 'output_config.format'],
};

export const zaiEndpoint: AnthropicEndpoint = {
  name: 'zai',
  label: 'GLM (Z.ai)',
  hosts: ['api.z.ai', 'open.bigmodel.cn'],
  // Z.ai's Claude Code set-up uses ANTHROPIC_AUTH_TOKEN, which Claude Code sends as Bearer.
  auth: 'bearer',
  forwardHeaders: VERSION_ONLY,
  strippedFields: BETA_ONLY_FIELDS,
};

export const dashscopeEndpoint: AnthropicEndpoint = {
  name: 'dashscope',
  label: 'Qwen (DashScope)',
  hosts: ['.aliyuncs.com'],
  // Model Studio's Claude Code page sets ANTHROPIC_API_KEY: x-api-key.
  auth: 'x-api-key',
  forwardHeaders: VERSION_ONLY,
  strippedFields: BETA_ONLY_FIELDS,
};

export const moonshotEndpoint: AnthropicEndpoint = {
  name: 'moonshot',
  label: 'Kimi (Moonshot)',
  hosts: ['api.moonshot.ai', 'api.moonshot.cn'],
  // Moonshot's Claude Code set-up uses ANTHROPIC_AUTH_TOKEN: Bearer.
  auth: 'bearer',
  forwardHeaders: VERSION_ONLY,
  strippedFields: BETA_ONLY_FIELDS,
};

export const kimiCodingEndpoint: AnthropicEndpoint = {
  name: 'kimi-coding',
  label: 'Kimi for Coding',
  hosts: ['api.kimi.com'],
  // Kimi's coding gateway reads the key from x-api-key (ANTHROPIC_API_KEY in its Claude Code guide).
  auth: 'x-api-key',
  forwardHeaders: VERSION_ONLY,
  strippedFields: BETA_ONLY_FIELDS,
};

export const minimaxEndpoint: AnthropicEndpoint = {
  name: 'minimax',
  label: 'MiniMax',
  hosts: ['api.minimax.io', 'api.minimaxi.com'],
  // MiniMax's Anthropic SDK page sets ANTHROPIC_API_KEY: x-api-key.
  auth: 'x-api-key',
  forwardHeaders: VERSION_ONLY,
  strippedFields: BETA_ONLY_FIELDS,
};

export const openrouterEndpoint: AnthropicEndpoint = {
  name: 'openrouter',
  label: 'OpenRouter',
  hosts: ['openrouter.ai'],
  // OpenRouter's Claude Code guide: ANTHROPIC_AUTH_TOKEN (Bearer) with ANTHROPIC_API_KEY empty.
  auth: 'bearer',
  // It serves Anthropic's models behind this endpoint, where the betas mean what they say.
  forwardHeaders: BOTH_HEADERS,
  strippedFields: [],
};

/** Any other endpoint: the Messages API as Anthropic defines it, headers passed on unchanged. */
export const genericAnthropicEndpoint: AnthropicEndpoint = {
  name: 'generic',
  label: 'Anthropic-compatible',
  hosts: [],
  auth: 'x-api-key',
  forwardHeaders: BOTH_HEADERS,
  strippedFields: [],
};

export const ANTHROPIC_ENDPOINTS: readonly AnthropicEndpoint[] = [
  deepseekEndpoint,
  zaiEndpoint,
  dashscopeEndpoint,
  moonshotEndpoint,
  kimiCodingEndpoint,
  minimaxEndpoint,
  openrouterEndpoint,
];

/** The endpoint whose host the base URL uses, else the generic one. */
export function selectAnthropicEndpoint(displayUrl: string): AnthropicEndpoint {
  const host = new URL(displayUrl).hostname.toLowerCase();
  return (
    ANTHROPIC_ENDPOINTS.find((endpoint) =>
      endpoint.hosts.some((known) => (known.startsWith('.') ? host.endsWith(known) : host === known)),
    ) ?? genericAnthropicEndpoint
  );
}
