import { describe, expect, it } from 'vitest';
import { parseBaseUrl } from '../../src/config/parse-base-url.js';
import {
  ANTHROPIC_ENDPOINTS,
  type AnthropicEndpoint,
  genericAnthropicEndpoint,
  selectAnthropicEndpoint,
} from '../../src/providers/anthropic/anthropic-endpoints.js';
import { buildAnthropicRequest } from '../../src/providers/anthropic/build-anthropic-request.js';
import { anthropicMessagesPath } from '../../src/providers/endpoint-path.js';
import { encodeReasoningSignature } from '../../src/translate/carry-reasoning-state.js';

/** The body Claude Code sends on every turn, trimmed to the fields an endpoint may refuse. */
function claudeCodeBody(): Record<string, unknown> {
  return {
    model: 'claude-opus-4-8',
    max_tokens: 64000,
    stream: true,
    messages: [{ role: 'user', content: 'hi' }],
    thinking: { type: 'adaptive' },
    output_config: { effort: 'high', format: { type: 'json_schema', schema: { type: 'object' } } },
    context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
    mcp_servers: [{ type: 'url', url: 'https://mcp.example', name: 'example' }],
    metadata: { user_id: '{"session_id":"s"}' },
  };
}

const CLIENT_HEADERS = {
  'anthropic-version': '2023-06-01',
  'anthropic-beta': 'claude-code-20250219,context-management-2025-06-27',
};

/** Per endpoint: the documented auth header, the client headers it gets, the fields it loses. */
const EXPECTED: Record<string, { url: string; auth: string; headers: string[]; stripped: string[] }> = {
  deepseek: {
    url: 'https://api.deepseek.com/anthropic',
    auth: 'x-api-key',
    headers: ['anthropic-version'],
    stripped: ['context_management', 'mcp_servers', 'output_config.format'],
  },
  zai: {
    url: 'https://api.z.ai/api/anthropic',
    auth: 'bearer',
    headers: ['anthropic-version'],
    stripped: ['context_management', 'mcp_servers'],
  },
  dashscope: {
    url: 'https://dashscope-intl.aliyuncs.com/apps/anthropic',
    auth: 'x-api-key',
    headers: ['anthropic-version'],
    stripped: ['context_management', 'mcp_servers'],
  },
  moonshot: {
    url: 'https://api.moonshot.ai/anthropic',
    auth: 'bearer',
    headers: ['anthropic-version'],
    stripped: ['context_management', 'mcp_servers'],
  },
  'kimi-coding': {
    url: 'https://api.kimi.com/coding',
    auth: 'x-api-key',
    headers: ['anthropic-version'],
    stripped: ['context_management', 'mcp_servers'],
  },
  minimax: {
    url: 'https://api.minimax.io/anthropic',
    auth: 'x-api-key',
    headers: ['anthropic-version'],
    stripped: ['context_management', 'mcp_servers'],
  },
  openrouter: {
    url: 'https://openrouter.ai/api',
    auth: 'bearer',
    headers: ['anthropic-version', 'anthropic-beta'],
    stripped: [],
  },
  generic: {
    url: 'http://127.0.0.1:9000/anthropic',
    auth: 'x-api-key',
    headers: ['anthropic-version', 'anthropic-beta'],
    stripped: [],
  },
};

function valueAt(body: Record<string, unknown>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], body);
}

describe.each([...ANTHROPIC_ENDPOINTS, genericAnthropicEndpoint])(
  'the $name Anthropic-compatible endpoint',
  (endpoint: AnthropicEndpoint) => {
    const expected = EXPECTED[endpoint.name]!;

    it('is recognised by the host of the base URL its documentation gives', () => {
      expect(selectAnthropicEndpoint(expected.url)).toBe(endpoint);
    });

    it('takes the key in the header it documents', () => {
      expect(endpoint.auth).toBe(expected.auth);
    });

    it('gets the client headers it takes and no others', () => {
      const { headers } = buildAnthropicRequest(claudeCodeBody(), CLIENT_HEADERS, { model: 'm', endpoint });
      expect(Object.keys(headers).sort()).toEqual([...expected.headers].sort());
      expect(headers['anthropic-version']).toBe('2023-06-01');
    });

    it('keeps every field but the ones it refuses, and the route model instead of the client one', () => {
      const original = claudeCodeBody();
      const { body } = buildAnthropicRequest(original, CLIENT_HEADERS, { model: 'backend-model', endpoint });
      expect(body.model).toBe('backend-model');
      for (const path of ['context_management', 'mcp_servers', 'output_config.format']) {
        if (expected.stripped.includes(path)) expect(valueAt(body, path), path).toBeUndefined();
        else expect(valueAt(body, path), path).toEqual(valueAt(original, path));
      }
      expect(body.thinking).toEqual({ type: 'adaptive' });
      expect(valueAt(body, 'output_config.effort')).toBe('high');
      expect(original).toEqual(claudeCodeBody());
    });
  },
);

describe('buildAnthropicRequest', () => {
  it('sends anthropic-version 2023-06-01 when the client sent none', () => {
    const { headers } = buildAnthropicRequest(
      claudeCodeBody(),
      {},
      { model: 'm', endpoint: genericAnthropicEndpoint },
    );
    expect(headers).toEqual({ 'anthropic-version': '2023-06-01' });
  });

  it("leaves out thinking blocks the proxy signed for another protocol, keeping the backend's own", () => {
    const ours = encodeReasoningSignature({
      details: [{ type: 'reasoning.text', text: 'x' }],
      origin: 'router/m',
    });
    const body = {
      ...claudeCodeBody(),
      messages: [
        { role: 'user', content: 'hi' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'from chat', signature: ours },
            { type: 'thinking', thinking: 'unsigned', signature: '' },
            { type: 'thinking', thinking: 'real', signature: 'EqQBCkYIBxgC' },
            { type: 'text', text: 'ok' },
          ],
        },
        { role: 'user', content: 'more' },
      ],
    };
    const built = buildAnthropicRequest(body, {}, { model: 'm', endpoint: genericAnthropicEndpoint });
    expect((built.body.messages as { content: unknown }[])[1]!.content).toEqual([
      { type: 'thinking', thinking: 'real', signature: 'EqQBCkYIBxgC' },
      { type: 'text', text: 'ok' },
    ]);
  });
});

describe('anthropicMessagesPath', () => {
  it.each([
    ['https://api.deepseek.com/anthropic', '/anthropic/v1/messages'],
    ['https://openrouter.ai/api', '/api/v1/messages'],
    ['https://api.minimax.io/anthropic/v1', '/anthropic/v1/messages'],
    ['https://gateway.example/v1/messages', '/v1/messages'],
    ['https://api.anthropic.com', '/v1/messages'],
  ])('sends %s requests to %s, as the Anthropic SDK builds it from a base URL', (url, path) => {
    expect(anthropicMessagesPath({ ...parseBaseUrl(url)!, apiKey: undefined, isDefault: false })).toBe(path);
  });
});
