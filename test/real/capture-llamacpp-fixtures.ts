/**
 * Captures test/fixtures/llamacpp/*.openai.sse from a real llama-server (the tiny model of
 * scripts/llama-server.sh), and writes each case's .anthropic.sse as the proxy translates it
 * today, for review before committing. Run once, by hand, when the cases change:
 *
 *   node --import tsx test/real/capture-llamacpp-fixtures.ts
 *
 * Ids, timestamps and the build fingerprint are replaced by fixed values; everything else is
 * the server's bytes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createStreamConverter } from '../../src/providers/chat-completions/create-stream-converter.js';
import { createFixtureStreamContext } from '../helpers/fixture-stream-context.js';
import { FIXTURES_DIR } from '../helpers/load-fixture.js';
import { startLlamaServer } from './start-llama-server.js';

const weather = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

interface Case {
  name: string;
  what: string;
  body: Record<string, unknown>;
  /** Send the body once before capturing, so the capture shows the prompt cache hit. */
  warm?: boolean;
}

const cases: Case[] = [
  {
    name: 'text-with-cached-prompt',
    what: 'a streamed answer to a prompt sent before, cut by max_tokens: role chunk with null content, text, finish length, a usage chunk with empty choices and cached_tokens',
    body: { messages: [{ role: 'user', content: 'Say hello.' }], max_tokens: 24 },
    warm: true,
  },
  {
    name: 'forced-tool-call',
    what: 'tool_choice "required" with parallel_tool_calls false: free text before the calls, then two calls streamed in pieces (llama-server does not enforce parallel_tool_calls), finish tool_calls',
    body: {
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
      max_tokens: 200,
      tools: [weather],
      tool_choice: 'required',
      parallel_tool_calls: false,
    },
  },
  {
    name: 'tool-calls-cut-by-length',
    what: 'tool_choice "required" with parallel calls allowed: calls keep coming until max_tokens cuts one, finish length, so stop_reason max_tokens',
    body: {
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
      max_tokens: 60,
      tools: [weather],
      tool_choice: 'required',
    },
  },
];

const llama = await startLlamaServer(8_192);
try {
  for (const item of cases) {
    const body = JSON.stringify({
      model: llama.model,
      stream: true,
      stream_options: { include_usage: true },
      ...item.body,
    });
    const post = () =>
      fetch(`${llama.baseUrl}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      }).then((response) => response.text());
    if (item.warm) await post();
    const captured = sanitize(await post());
    const source =
      ': source: captured from llama-server (llama.cpp as shipped in node-llama-cpp 3.21.1) serving the tiny model of scripts/llama-server.sh';
    writeFileSync(
      join(FIXTURES_DIR, 'llamacpp', `${item.name}.openai.sse`),
      `${source}\n: case: ${item.what}\n${captured}`,
    );
    const converter = createStreamConverter(createFixtureStreamContext());
    const events = [...converter.start(), ...converter.push(Buffer.from(captured)), ...converter.end()];
    const frames = events.map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join('');
    writeFileSync(
      join(FIXTURES_DIR, 'llamacpp', `${item.name}.anthropic.sse`),
      `: source: Anthropic Messages streaming format; expected for ${item.name}.openai.sse\n: case: ${item.what}\n${frames}`,
    );
    process.stdout.write(`captured llamacpp/${item.name}\n`);
  }
} finally {
  await llama.close();
}

/** Fixed ids and times, so a fixture does not change with every capture. */
function sanitize(text: string): string {
  let calls = 0;
  const callIds = new Map<string, string>();
  return text
    .replace(/"id":"chatcmpl-[A-Za-z0-9]+"/g, '"id":"chatcmpl-llamacpp"')
    .replace(/"created":\d+/g, '"created":0')
    .replace(/"system_fingerprint":"[^"]*"/g, '"system_fingerprint":"b1-fixture"')
    .replace(/"id":"([A-Za-z0-9]{32})"/g, (_match, id: string) => {
      if (!callIds.has(id)) callIds.set(id, `call_llamacpp_${++calls}`);
      return `"id":"${callIds.get(id)}"`;
    });
}
