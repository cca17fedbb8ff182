import { describe, expect, it } from 'vitest';
import type { Config, RouteTable } from '../../src/config/config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { InvalidRequestError } from '../../src/errors.js';
import { isClaudeModel } from '../../src/routing/claude-model-names.js';
import { readRequestTraits } from '../../src/routing/read-request-traits.js';
import { selectLongContextRoute, selectRoute } from '../../src/routing/select-route.js';
import type { AnthropicRequest } from '../../src/wire/anthropic-request-schema.js';

const allFamilies = loadConfig(
  {
    OPENAI_MODEL: 'default-model',
    BIG_MODEL: 'big-model',
    MIDDLE_MODEL: 'middle-model',
    SMALL_MODEL: 'small-model',
  },
  null,
);
const defaultOnly = loadConfig({ OPENAI_MODEL: 'default-model' }, null);
const smallOnly = loadConfig({ SMALL_MODEL: 'small-model' }, null);

/** The backend model an environment-only configuration sends a client model to. */
function resolveModel(config: Config, clientModel: string) {
  const traits = readRequestTraits({ model: clientModel, messages: [] });
  const target = selectRoute(config, { traits, countInputTokens: () => 0 }).targets[0]!;
  return { clientModel, backendModel: target.model };
}

describe('selectRoute with an environment-only configuration', () => {
  it.each([
    ['claude-opus-4-8', 'big-model'],
    ['claude-opus-4-5-20251101', 'big-model'],
    ['claude-sonnet-4-5', 'middle-model'],
    ['claude-3-5-sonnet-20241022', 'middle-model'],
    ['claude-haiku-4-5-20251001', 'small-model'],
    ['claude-3-5-haiku-latest', 'small-model'],
    ['Claude-Haiku-4-5', 'small-model'],
    ['haiku', 'small-model'],
    ['opus', 'big-model'],
    ['claude-mythos-5', 'default-model'],
    ['claude-fable-5-2', 'default-model'],
    ['claude-2.1', 'default-model'],
    ['deepseek-chat', 'deepseek-chat'],
    ['anthropic/claude-sonnet-4.5', 'anthropic/claude-sonnet-4.5'],
    ['qwen3-coder-plus', 'qwen3-coder-plus'],
    ['my-sonnet-finetune', 'my-sonnet-finetune'],
  ])('maps %s to %s when every family is configured', (clientModel, backendModel) => {
    expect(resolveModel(allFamilies, clientModel)).toEqual({ clientModel, backendModel });
  });

  it.each([
    ['claude-opus-4-8', 'default-model'],
    ['claude-haiku-4-5', 'default-model'],
    ['deepseek-reasoner', 'deepseek-reasoner'],
  ])('maps %s to %s when only OPENAI_MODEL is set', (clientModel, backendModel) => {
    expect(resolveModel(defaultOnly, clientModel).backendModel).toBe(backendModel);
  });

  it('maps a haiku name to SMALL_MODEL when OPENAI_MODEL is unset', () => {
    expect(resolveModel(smallOnly, 'claude-haiku-4-5').backendModel).toBe('small-model');
  });

  it('names OPENAI_MODEL and BIG_MODEL in the error when an opus name has no backend model', () => {
    expect(() => resolveModel(smallOnly, 'claude-opus-4-8')).toThrow(InvalidRequestError);
    expect(() => resolveModel(smallOnly, 'claude-opus-4-8')).toThrow(
      'No backend model is configured for "claude-opus-4-8": set OPENAI_MODEL (or BIG_MODEL for opus models)',
    );
  });

  it('names only OPENAI_MODEL in the error when a Claude name has no family', () => {
    expect(() => resolveModel(smallOnly, 'claude-mythos-5')).toThrow(
      'No backend model is configured for "claude-mythos-5": set OPENAI_MODEL to a model your backend serves',
    );
  });

  it('passes a non-Claude name through when nothing is configured', () => {
    expect(resolveModel(smallOnly, 'llama3.2').backendModel).toBe('llama3.2');
  });
});

describe('isClaudeModel', () => {
  it.each([
    ['claude-opus-4-8', true],
    ['claude', true],
    ['sonnet', true],
    ['claudette-7b', false],
    ['anthropic/claude-opus-4', false],
    ['gpt-4o', false],
  ])('classifies %s as a Claude name: %s', (model, expected) => {
    expect(isClaudeModel(model)).toBe(expected);
  });
});

const chain = (...entries: string[]) =>
  entries.map((entry) => ({
    provider: entry.slice(0, entry.indexOf('/')),
    model: entry.slice(entry.indexOf('/') + 1),
  }));

const routes: RouteTable = {
  models: { fast: chain('local/qwen3-coder:30b') },
  longContext: { threshold: 100_000, chain: chain('openrouter/google/gemini-2.5-pro') },
  image: chain('openrouter/qwen/qwen3-vl'),
  thinking: chain('deepseek/deepseek-v4-pro'),
  families: {
    opus: undefined,
    sonnet: undefined,
    haiku: chain('deepseek/deepseek-v4-flash', 'local/qwen3-coder:30b'),
  },
  default: chain('deepseek/deepseek-v4-pro', 'openrouter/qwen/qwen3-coder'),
};
const fileConfig = {
  ...defaultOnly,
  source: { kind: 'file', path: '/etc/infiniproxy.yaml' },
  providers: ['deepseek', 'local', 'openrouter'].map((name) => ({ ...defaultOnly.providers[0]!, name })),
  routes,
} satisfies Config;

function route(request: Partial<AnthropicRequest> & { model: string }, inputTokens = 10) {
  const traits = readRequestTraits({ messages: [], ...request });
  return selectRoute(fileConfig, { traits, countInputTokens: () => inputTokens });
}

const imageMessage = {
  role: 'user' as const,
  content: [
    {
      type: 'tool_result' as const,
      tool_use_id: 'toolu_1',
      content: [
        {
          type: 'image' as const,
          source: { type: 'base64' as const, media_type: 'image/png', data: 'AA==' },
        },
      ],
    },
  ],
};

describe('selectRoute with a config file', () => {
  it('sends an exact routes.models name to its chain, before any other rule', () => {
    expect(route({ model: 'fast', thinking: { type: 'adaptive' } }, 500_000)).toEqual({
      name: 'models.fast',
      targets: [{ provider: 'local', model: 'qwen3-coder:30b' }],
    });
  });

  it('sends provider/model to that provider, splitting at the first slash', () => {
    expect(route({ model: 'openrouter/qwen/qwen3-coder' }, 500_000)).toEqual({
      name: 'provider',
      targets: [{ provider: 'openrouter', model: 'qwen/qwen3-coder' }],
    });
  });

  it('takes long_context when the input is over its threshold, before image and thinking', () => {
    expect(route({ model: 'claude-haiku-4-5', messages: [imageMessage] }, 100_001).name).toBe('long_context');
    expect(route({ model: 'claude-haiku-4-5', messages: [imageMessage] }, 100_000).name).toBe('image');
  });

  it('takes image for an image inside a tool result, before thinking', () => {
    expect(
      route({ model: 'claude-opus-4-8', messages: [imageMessage], thinking: { type: 'adaptive' } }).name,
    ).toBe('image');
  });

  it('takes thinking when thinking is enabled or adaptive, and not when it is disabled', () => {
    expect(
      route({ model: 'claude-haiku-4-5', thinking: { type: 'enabled', budget_tokens: 2048 } }).name,
    ).toBe('thinking');
    expect(route({ model: 'claude-haiku-4-5', thinking: { type: 'adaptive' } }).name).toBe('thinking');
    expect(route({ model: 'claude-haiku-4-5', thinking: { type: 'disabled' } }).name).toBe('haiku');
  });

  it('takes the Claude family, keeping the fallback chain in order', () => {
    expect(route({ model: 'claude-haiku-4-5-20251001' })).toEqual({
      name: 'haiku',
      targets: [
        { provider: 'deepseek', model: 'deepseek-v4-flash' },
        { provider: 'local', model: 'qwen3-coder:30b' },
      ],
    });
  });

  it('falls back to default for a family without a route', () => {
    expect(route({ model: 'claude-sonnet-4-5' }).targets).toEqual(
      chain('deepseek/deepseek-v4-pro', 'openrouter/qwen/qwen3-coder'),
    );
  });

  it('sends another model name unchanged to the default route first provider', () => {
    expect(route({ model: 'gpt-5-codex' })).toEqual({
      name: 'default',
      targets: [{ provider: 'deepseek', model: 'gpt-5-codex' }],
    });
  });

  it('treats a name whose prefix is no provider as a plain model name', () => {
    expect(route({ model: 'qwen/qwen3-coder' }).targets).toEqual([
      { provider: 'deepseek', model: 'qwen/qwen3-coder' },
    ]);
  });

  it('names the config file when no route serves a Claude name', () => {
    const bare = { ...fileConfig, routes: { ...routes, default: undefined } };
    const traits = readRequestTraits({ model: 'claude-sonnet-4-5', messages: [] });
    expect(() => selectRoute(bare, { traits, countInputTokens: () => 0 })).toThrow(InvalidRequestError);
    expect(() => selectRoute(bare, { traits, countInputTokens: () => 0 })).toThrow(
      'No route serves "claude-sonnet-4-5": set routes.sonnet or routes.default in /etc/infiniproxy.yaml',
    );
  });

  it('counts input tokens only when a long_context route exists', () => {
    let counted = 0;
    const traits = readRequestTraits({ model: 'claude-sonnet-4-5', messages: [] });
    selectRoute(defaultOnly, { traits, countInputTokens: () => ++counted });
    expect(counted).toBe(0);
    selectRoute(fileConfig, { traits, countInputTokens: () => ++counted });
    expect(counted).toBe(1);
  });

  it('offers the long_context chain for escalation', () => {
    const traits = readRequestTraits({ model: 'claude-sonnet-4-5', messages: [] });
    expect(selectLongContextRoute(fileConfig, traits)?.targets).toEqual(
      chain('openrouter/google/gemini-2.5-pro'),
    );
    expect(selectLongContextRoute(defaultOnly, traits)).toBeUndefined();
  });
});
