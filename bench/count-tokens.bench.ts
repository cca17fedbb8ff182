/**
 * count_tokens on a request shaped like a Claude Code turn: 24 tool definitions (~60 KB of
 * JSON), a 6 KB system prompt and a short tool loop. Reports the cost per count for the
 * counter alone (first sight of the tools, then with its tool cache warm) and for the whole
 * proxy over loopback, and beside it the one-pass estimate a streamed answer reports in
 * message_start (with how far it lands from the tokenizer's count: the filler prose here is about
 * one token per 6.5 characters, so the estimate errs high on it; on real docs and code it lands
 * within about 12%). Run: npx tsx bench/count-tokens.bench.ts
 */
import { request } from 'undici';
import { loadConfig } from '../src/config/load-config.js';
import { genericDialect } from '../src/dialects/generic.js';
import { startServer } from '../src/server/start-server.js';
import { createTokenCounter } from '../src/tokens/create-token-counter.js';
import { convertAnthropicRequest } from '../src/translate/convert-anthropic-request.js';
import { estimateInputTokens, REPORT_CHARS_PER_TOKEN } from '../src/translate/estimate-input-tokens.js';
import {
  type AnthropicCountTokensRequest,
  anthropicCountTokensSchema,
  anthropicRequestSchema,
} from '../src/wire/anthropic-request-schema.js';

const WORDS = (
  'the tool reads writes files directory path command output error when use must never always ' +
  'returns string number boolean array object optional required parameter value default example ' +
  'search pattern line offset limit content replace edit notebook cell task agent schedule cron'
).split(' ');

/** Deterministic filler text: a linear congruential sequence over a small vocabulary. */
function prose(seed: number, words: number): string {
  let state = seed;
  const out: string[] = [];
  for (let index = 0; index < words; index++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out.push(WORDS[state % WORDS.length]!);
  }
  return out.join(' ');
}

function buildTurn(): AnthropicCountTokensRequest {
  const tools = Array.from({ length: 24 }, (_, index) => ({
    name: `Tool${index}`,
    description: prose(index + 1, 300),
    input_schema: {
      type: 'object',
      properties: Object.fromEntries(
        Array.from({ length: 6 }, (_, field) => [
          `field_${field}`,
          { type: 'string', description: prose(index * 10 + field, 25) },
        ]),
      ),
      required: ['field_0'],
      additionalProperties: false,
    },
  }));
  const body = {
    model: 'claude-opus-4-8',
    system: [{ type: 'text', text: prose(999, 1000), cache_control: { type: 'ephemeral' } }],
    messages: [
      { role: 'user', content: [{ type: 'text', text: prose(7, 80) }] },
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: 'toolu_1', name: 'Tool3', input: { field_0: 'x' } }],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: prose(8, 400) }] },
    ],
    tools,
  };
  return anthropicCountTokensSchema.parse(body);
}

function time(label: string, iterations: number, run: () => void): void {
  const start = process.hrtime.bigint();
  for (let index = 0; index < iterations; index++) run();
  const perOp = Number(process.hrtime.bigint() - start) / iterations / 1e6;
  console.log(`${label.padEnd(44)} ${perOp.toFixed(3)} ms/op`);
}

const turn = buildTurn();
console.log(
  `request: ${JSON.stringify(turn).length} bytes, ${JSON.stringify(turn.tools).length} bytes of tools`,
);

const warmCounter = createTokenCounter();
time('first count (tokenizer and cache cold)', 1, () => warmCounter.count(turn));
time('counter, tool cache warm', 200, () => warmCounter.count(turn));
time('counter, tools tokenized every time', 50, () => createTokenCounter().count(turn));

const { body: upstreamBody } = convertAnthropicRequest(
  anthropicRequestSchema.parse({ ...turn, max_tokens: 32000, stream: true }),
  { model: 'm', dialect: genericDialect, stream: true },
);
time('message_start estimate (one pass, no tokenizer)', 2000, () =>
  estimateInputTokens(upstreamBody, REPORT_CHARS_PER_TOKEN),
);
const estimate = estimateInputTokens(upstreamBody, REPORT_CHARS_PER_TOKEN);
const counted = createTokenCounter().count(turn);
console.log(
  `estimate ${estimate} tokens, tokenizer count ${counted} (${((estimate / counted - 1) * 100).toFixed(1)}%)`,
);

const server = await startServer(loadConfig({ PROXY_PORT: '0', OPENAI_MODEL: 'm' }, null), {
  logger: false,
});
const payload = JSON.stringify(turn);
const post = async () => {
  const response = await request(`${server.url}/v1/messages/count_tokens?beta=true`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: payload,
  });
  await response.body.json();
};
for (let index = 0; index < 20; index++) await post();
const iterations = 200;
const start = process.hrtime.bigint();
for (let index = 0; index < iterations; index++) await post();
const perRequest = Number(process.hrtime.bigint() - start) / iterations / 1e6;
console.log(`${'full proxy over loopback, sequential'.padEnd(44)} ${perRequest.toFixed(3)} ms/request`);
await server.close();
