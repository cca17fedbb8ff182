import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import {
  createTokenCounter,
  PDF_PAGE_TOKENS,
  TOKEN_OVERHEAD,
} from '../../src/tokens/create-token-counter.js';
import type {
  AnthropicContentBlock,
  AnthropicCountTokensRequest,
  AnthropicTool,
} from '../../src/wire/anthropic-request-schema.js';
import { buildPng } from '../helpers/build-image.js';

const o200k = (text: string) => countTokens(text, { disallowedSpecial: new Set() });

function request(fields: Partial<AnthropicCountTokensRequest> = {}): AnthropicCountTokensRequest {
  return { model: 'claude-sonnet-4-5', messages: [], ...fields };
}

/** The tokens one user message with these blocks adds over a request without it. */
function costOfBlocks(blocks: AnthropicContentBlock[]): number {
  const counter = createTokenCounter();
  const withBlocks = counter.count(request({ messages: [{ role: 'user', content: blocks }] }));
  const withoutBlocks = counter.count(request({ messages: [{ role: 'user', content: [] }] }));
  return withBlocks - withoutBlocks;
}

const weatherTool: AnthropicTool = {
  name: 'get_weather',
  description: 'Get the current weather for a city.',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

describe('createTokenCounter', () => {
  it('counts message text with the o200k encoding plus the per-message overhead', () => {
    const text = 'The quick brown fox jumps over the lazy dog. 数えてください! 🦊';
    const counter = createTokenCounter();
    const empty = counter.count(request());
    expect(counter.count(request({ messages: [{ role: 'user', content: text }] })) - empty).toBe(
      TOKEN_OVERHEAD.message + o200k(text),
    );
  });

  it('counts a string system prompt and text system blocks alike', () => {
    const counter = createTokenCounter();
    const asString = counter.count(request({ system: 'You are terse. Answer in one line.' }));
    const asBlocks = counter.count(
      request({
        system: [
          { type: 'text', text: 'You are terse.' },
          { type: 'text', text: ' Answer in one line.', cache_control: { type: 'ephemeral' } },
        ],
      }),
    );
    expect(asString).toBe(
      counter.count(request()) + TOKEN_OVERHEAD.system + o200k('You are terse. Answer in one line.'),
    );
    expect(Math.abs(asBlocks - asString)).toBeLessThanOrEqual(1);
  });

  it('treats text spelling a special token as plain text', () => {
    expect(costOfBlocks([{ type: 'text', text: 'end <|endoftext|> here' }])).toBe(
      o200k('end <|endoftext|> here'),
    );
    expect(o200k('end <|endoftext|> here')).toBeGreaterThan(3);
  });

  it('counts tool_use names and JSON inputs, tool_result text and thinking text', () => {
    const input = { path: '/tmp/notes.txt', content: 'remember the milk' };
    expect(costOfBlocks([{ type: 'tool_use', id: 'toolu_1', name: 'Write', input }])).toBe(
      TOKEN_OVERHEAD.block + o200k('Write') + o200k(JSON.stringify(input)),
    );
    expect(
      costOfBlocks([{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'File created successfully' }]),
    ).toBe(TOKEN_OVERHEAD.block + o200k('File created successfully'));
    expect(
      costOfBlocks([
        {
          type: 'tool_result',
          tool_use_id: 'toolu_1',
          content: [
            { type: 'text', text: 'line one' },
            { type: 'text', text: 'line two' },
          ],
        },
      ]),
    ).toBe(TOKEN_OVERHEAD.block + o200k('line one') + o200k('line two'));
    expect(costOfBlocks([{ type: 'thinking', thinking: 'Let me think about this.', signature: 'sig' }])).toBe(
      o200k('Let me think about this.'),
    );
  });

  it('counts nothing for redacted thinking and unknown block types, which never reach the backend', () => {
    expect(costOfBlocks([{ type: 'redacted_thinking', data: 'opaque-bytes'.repeat(100) }])).toBe(0);
    expect(costOfBlocks([{ type: 'unsupported', original_type: 'container_upload' }])).toBe(0);
  });

  it('counts a base64 image by its pixel size and an image by URL at the 1,600-token ceiling', () => {
    const png = { type: 'base64' as const, media_type: 'image/png', data: buildPng(1000, 1000) };
    expect(costOfBlocks([{ type: 'image', source: png }])).toBe(Math.ceil((1000 * 1000) / 750));
    expect(
      costOfBlocks([{ type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } }]),
    ).toBe(1600);
  });

  it('counts images inside a tool_result', () => {
    const png = { type: 'base64' as const, media_type: 'image/png', data: buildPng(300, 150) };
    expect(
      costOfBlocks([
        { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'image', source: png }] },
      ]),
    ).toBe(TOKEN_OVERHEAD.block + Math.ceil((300 * 150) / 750));
  });

  it('tokenizes text documents and counts PDFs per page object', () => {
    const text = 'A plain text document about quarterly results.';
    expect(
      costOfBlocks([{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: text } }]),
    ).toBe(TOKEN_OVERHEAD.block + o200k(text));
    const pdf = Buffer.from(
      '%PDF-1.4\n1 0 obj << /Type /Pages /Count 2 /Kids [2 0 R 3 0 R] >> endobj\n' +
        '2 0 obj << /Type /Page /Parent 1 0 R >> endobj\n3 0 obj << /Type/Page /Parent 1 0 R >> endobj\n%%EOF',
    ).toString('base64');
    expect(
      costOfBlocks([
        { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: pdf } },
      ]),
    ).toBe(TOKEN_OVERHEAD.block + 2 * PDF_PAGE_TOKENS);
  });

  it('adds the tool-use system prompt once and each definition with its overhead', () => {
    const counter = createTokenCounter();
    const base = counter.count(request());
    const definition =
      o200k('get_weather') +
      o200k(weatherTool.description!) +
      o200k(JSON.stringify(weatherTool.input_schema));
    expect(counter.count(request({ tools: [weatherTool] })) - base).toBe(
      TOKEN_OVERHEAD.toolPrompt + TOKEN_OVERHEAD.tool + definition,
    );
    expect(counter.count(request({ tools: [weatherTool], tool_choice: { type: 'any' } })) - base).toBe(
      TOKEN_OVERHEAD.forcedToolPrompt + TOKEN_OVERHEAD.tool + definition,
    );
  });

  it('counts a server tool without an input schema by its name', () => {
    const counter = createTokenCounter();
    const base = counter.count(request());
    const tool = { type: 'web_search_20250305', name: 'web_search' };
    expect(counter.count(request({ tools: [tool] })) - base).toBe(
      TOKEN_OVERHEAD.toolPrompt + TOKEN_OVERHEAD.tool + o200k('web_search'),
    );
  });

  it('returns the same count from its tool cache as on first sight', () => {
    const counter = createTokenCounter();
    const fresh = createTokenCounter();
    const turn = request({ tools: [weatherTool], messages: [{ role: 'user', content: 'Weather in Oslo?' }] });
    const first = counter.count(turn);
    expect(counter.count(turn)).toBe(first);
    expect(counter.count(structuredClone(turn))).toBe(fresh.count(turn));
    expect(counter.cachedToolCount()).toBe(1);
  });

  it('keeps at most toolCacheSize tool definitions', () => {
    const counter = createTokenCounter({ toolCacheSize: 4 });
    const tools = Array.from({ length: 10 }, (_, index) => ({ ...weatherTool, name: `tool_${index}` }));
    const total = counter.count(request({ tools }));
    expect(counter.cachedToolCount()).toBe(4);
    expect(counter.count(request({ tools }))).toBe(total);
  });
});
