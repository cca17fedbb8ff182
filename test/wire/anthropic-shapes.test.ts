import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildShapeCatalog,
  checkAnthropicShape,
  loadShapeCatalog,
  SHAPES_FOLDER,
} from '../helpers/check-anthropic-shapes.js';
import { FIXTURES_DIR, readJsonFixture } from '../helpers/load-fixture.js';
import { watchAnswerShapes } from '../helpers/watch-answer-shapes.js';

const textMessage = () => readJsonFixture<Record<string, unknown>>(`${SHAPES_FOLDER}/text-message.json`);

describe('the Anthropic shape fixtures', () => {
  const catalog = loadShapeCatalog();

  it('hold one file per message, block and event shape the proxy writes', () => {
    expect(catalog.files).toEqual(
      expect.arrayContaining([
        'text-message.json',
        'tool-use-message.json',
        'thinking-message.json',
        'redacted-thinking-message.json',
        'max-tokens-message.json',
        'stop-sequence-message.json',
        'refusal-message.json',
        'error-body.json',
        'event-message-start.json',
        'event-content-block-start-text.json',
        'event-content-block-start-tool-use.json',
        'event-content-block-start-thinking.json',
        'event-content-block-start-redacted-thinking.json',
        'event-content-block-delta-text.json',
        'event-content-block-delta-input-json.json',
        'event-content-block-delta-thinking.json',
        'event-content-block-delta-signature.json',
        'event-content-block-stop.json',
        'event-message-delta.json',
        'event-message-delta-output-only.json',
        'event-message-stop.json',
        'event-ping.json',
        'event-error.json',
      ]),
    );
  });

  it.each(catalog.files)('%s opens with a header naming its source', (name) => {
    expect(readFileSync(join(FIXTURES_DIR, SHAPES_FOLDER, name), 'utf8')).toMatch(/^\/\/ source: /);
  });

  it('accept each fixture as it is', () => {
    for (const name of catalog.files) {
      const value = readJsonFixture(`${SHAPES_FOLDER}/${name}`);
      expect(() =>
        checkAnthropicShape(value, name.startsWith('event-') ? 'event' : 'body', catalog),
      ).not.toThrow();
    }
  });
});

describe('checkAnthropicShape', () => {
  it('rejects a text block with "citations": null, which the API leaves out', () => {
    const message = textMessage();
    message.content = [{ type: 'text', text: 'Hi', citations: null }];
    expect(() => checkAnthropicShape(message, 'body')).toThrow(/content\[0\].*citations:null/s);
  });

  it.each([
    ['a key the API does not write', { container: null }],
    ['null where the API writes a value', { stop_reason: null }],
  ])('rejects a message with %s', (_name, change) => {
    expect(() => checkAnthropicShape({ ...textMessage(), ...change }, 'body')).toThrow(
      /shape mismatch at \$ /,
    );
  });

  it('rejects a message without a key the API always writes', () => {
    const { stop_details: _dropped, ...message } = textMessage();
    expect(() => checkAnthropicShape(message, 'body')).toThrow(/shape mismatch/);
  });

  it('rejects a usage object with a null the API never writes', () => {
    const message = textMessage();
    message.usage = { ...(message.usage as object), inference_geo: null };
    expect(() => checkAnthropicShape(message, 'body')).toThrow(/\$\.usage/);
  });

  it('rejects a block type no fixture describes', () => {
    const message = textMessage();
    message.content = [{ type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} }];
    expect(() => checkAnthropicShape(message, 'body')).toThrow(/no fixture/);
  });

  it("ignores the keys of a tool's input, which are the client's", () => {
    const message = readJsonFixture<Record<string, unknown>>(`${SHAPES_FOLDER}/tool-use-message.json`);
    (message.content as { input?: unknown }[])[1]!.input = { anything: null, nested: { citations: null } };
    expect(() => checkAnthropicShape(message, 'body')).not.toThrow();
  });

  it('accepts every error type with one error shape', () => {
    const body = {
      type: 'error',
      error: { type: 'rate_limit_error', message: 'slow down' },
      request_id: 'req_1',
    };
    expect(() => checkAnthropicShape(body, 'body')).not.toThrow();
  });

  it('checks nested objects at their own places, so optional keys need one fixture each', () => {
    const catalog = buildShapeCatalog([
      { name: 'event-a.json', value: { type: 'message_delta', usage: { output_tokens: 1 } } },
      {
        name: 'event-b.json',
        value: { type: 'message_delta', usage: { output_tokens: 1, input_tokens: 2 } },
      },
    ]);
    expect(() =>
      checkAnthropicShape(
        { type: 'message_delta', usage: { output_tokens: 5, input_tokens: 5 } },
        'event',
        catalog,
      ),
    ).not.toThrow();
    expect(() =>
      checkAnthropicShape({ type: 'message_delta', usage: { input_tokens: 5 } }, 'event', catalog),
    ).toThrow(/event#message_delta\.usage/);
  });
});

describe('watchAnswerShapes', () => {
  it('records an answer whose keys differ from the fixtures, and passes one that matches', async () => {
    const bad = { ...textMessage(), content: [{ type: 'text', text: 'Hi', citations: null }] };
    const server = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(request.url === '/v1/messages?bad' ? bad : textMessage()));
    });
    const watch = watchAnswerShapes(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    try {
      for (const query of ['bad', 'good']) {
        const response = await fetch(`http://127.0.0.1:${port}/v1/messages?${query}`, { method: 'POST' });
        await response.text();
      }
      await new Promise((resolve) => setImmediate(resolve));
      expect(watch.checked).toBe(2);
      expect(watch.violations).toHaveLength(1);
      expect(watch.violations[0]?.message).toMatch(/POST \/v1\/messages\?bad .*citations:null/s);
    } finally {
      server.close();
      await once(server, 'close');
    }
  });
});
