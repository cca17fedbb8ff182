/**
 * The routing and dispatch layer's own cost on the hot path: read the request's traits,
 * select a route, dispatch to a provider whose attempt answers at once, release the slot.
 * Two configurations: the environment's single provider, and a three-entry chain with
 * max_concurrency (slots taken and freed) and a long_context route (the escalation target
 * resolved on every request).
 */

import type { Config, ProviderConfig } from '../src/config/config.js';
import { loadConfig } from '../src/config/load-config.js';
import { dispatch } from '../src/dispatch/dispatch.js';
import { createRequestAbort } from '../src/dispatch/request-abort.js';
import { createProviderRegistry } from '../src/providers/create-provider-registry.js';
import type { ProviderAnswer } from '../src/providers/provider-answer.js';
import { readRequestTraits } from '../src/routing/read-request-traits.js';
import { selectLongContextRoute, selectRoute } from '../src/routing/select-route.js';
import { anthropicRequestSchema } from '../src/wire/anthropic-request-schema.js';
import { buildClaudeCodeTurn } from '../test/helpers/build-claude-code-turn.js';

function chainConfig(): Config {
  const base = loadConfig({ PROXY_PORT: '0', OPENAI_MODEL: 'm' }, null);
  const template = base.providers[0]!;
  const providers: ProviderConfig[] = ['a', 'b', 'c'].map((name) => ({
    ...template,
    name,
    maxConcurrency: 64,
  }));
  const chain = providers.map((provider) => ({ provider: provider.name, model: `${provider.name}-model` }));
  return {
    ...base,
    source: { kind: 'file', path: 'bench.yaml' },
    providers,
    routes: {
      ...base.routes,
      models: {},
      default: chain,
      longContext: { threshold: 1_000_000_000, chain: [chain[2]!] },
      families: { opus: chain, sonnet: chain, haiku: chain },
    },
  };
}

const ANSWER: ProviderAnswer = {
  kind: 'message',
  message: {
    id: 'msg_bench',
    type: 'message',
    role: 'assistant',
    model: 'm',
    content: [],
    stop_reason: 'end_turn',
    stop_sequence: null,
    stop_details: null,
    usage: {
      input_tokens: 1,
      output_tokens: 1,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: null,
      server_tool_use: null,
      service_tier: 'standard',
      inference_geo: null,
    },
  },
} as unknown as ProviderAnswer;

async function measure(name: string, config: Config, options: { dispatch: boolean }, iterations = 20_000) {
  const providers = createProviderRegistry(config);
  const request = anthropicRequestSchema.parse(buildClaudeCodeTurn({ stream: false }));
  const count = () => 0;
  const op = async () => {
    const traits = readRequestTraits(request);
    const route = selectRoute(config, { traits, countInputTokens: count });
    if (!options.dispatch) return;
    const result = await dispatch({
      providers,
      retry: config.retry,
      route,
      longContextRoute: route.name === 'long_context' ? undefined : selectLongContextRoute(config, traits),
      abort: createRequestAbort(),
      attempts: [],
      attempt: async () => ANSWER,
    });
    result.release();
  };
  for (let index = 0; index < 2000; index++) await op();
  const start = process.hrtime.bigint();
  for (let index = 0; index < iterations; index++) await op();
  const nsPerOp = Number(process.hrtime.bigint() - start) / iterations;
  await providers.close();
  return { name, nsPerOp };
}

export async function benchRoutingAndDispatch(): Promise<Array<{ name: string; nsPerOp: number }>> {
  const environment = loadConfig({ PROXY_PORT: '0', OPENAI_MODEL: 'm' }, null);
  return [
    await measure('traits + route only, environment', environment, { dispatch: false }),
    await measure('traits + route + dispatch, environment, one provider', environment, { dispatch: true }),
    await measure('traits + route + dispatch, 3-entry chain, max_concurrency, long_context', chainConfig(), {
      dispatch: true,
    }),
  ];
}
