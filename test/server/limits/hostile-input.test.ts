import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../../src/server/limits/register-json-parser.js';
import { messagesBody } from '../../helpers/post-messages.js';
import { completion } from '../../helpers/scripted-backend.js';
import { startProxy } from '../../helpers/start-proxy.js';
import { useSharedProxyAndBackend } from '../../helpers/use-proxy-and-backend.js';

// 0.05 MB = 52,428 bytes, so the limit is tested without megabytes of traffic.
const shared = useSharedProxyAndBackend({ BODY_LIMIT_MB: '0.05' }, { emptyRequestsAfterEach: true });

interface RawAnswer {
  status: number;
  body: { type?: string; error?: { type?: string; message?: string } };
}

async function send(
  body: string | Buffer,
  headers: Record<string, string> = { 'content-type': 'application/json' },
  path = '/v1/messages',
): Promise<RawAnswer> {
  const response = await request(`${shared.proxy.url}${path}`, { method: 'POST', headers, body });
  const text = await response.body.text();
  return { status: response.statusCode, body: JSON.parse(text) as RawAnswer['body'] };
}

function expectInvalidRequest(answer: RawAnswer, message: RegExp): void {
  expect(answer.status).toBe(400);
  expect(answer.body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  expect(answer.body.error?.message).toMatch(message);
}

describe('body size limit', () => {
  it('returns 413 request_too_large naming BODY_LIMIT_MB for a body over the limit', async () => {
    const body = JSON.stringify(messagesBody({ messages: [{ role: 'user', content: 'x'.repeat(60_000) }] }));
    const answer = await send(body);
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({
      type: 'error',
      error: { type: 'request_too_large', message: expect.stringContaining('BODY_LIMIT_MB') },
    });
    expect(shared.backend.requests).toHaveLength(0);
  });

  it('accepts a body just under the limit', async () => {
    shared.backend.enqueue(completion({ content: 'ok' }));
    const body = JSON.stringify(messagesBody({ messages: [{ role: 'user', content: 'x'.repeat(40_000) }] }));
    expect((await send(body)).status).toBe(200);
  });
});

describe('malformed bodies', () => {
  it('returns 400 with the parser reason for malformed JSON', async () => {
    expectInvalidRequest(
      await send('{"model": "m", "max_tokens": 1,'),
      /^The request body is not valid JSON: /,
    );
  });

  it('returns 400 for an empty body', async () => {
    expectInvalidRequest(await send(''), /empty/);
  });

  it('returns 400 for a JSON array body', async () => {
    expectInvalidRequest(await send('[1,2]'), /JSON object/);
  });

  it('returns 400 naming UTF-8 for a body with invalid UTF-8 bytes', async () => {
    const valid = Buffer.from(JSON.stringify(messagesBody({ messages: [{ role: 'user', content: 'AB' }] })));
    const broken = Buffer.from(valid);
    broken[broken.indexOf('AB') + 1] = 0xff;
    expectInvalidRequest(await send(broken), /not valid UTF-8/);
  });

  it('answers a lone surrogate escape without a 500', async () => {
    shared.backend.enqueue(completion({ content: 'ok' }));
    const answer = await send(JSON.stringify(messagesBody()).replace('"Hi"', '"\\ud800"'));
    expect(answer.status).toBeLessThan(500);
  });

  it(`returns 400 for nesting deeper than ${MAX_JSON_DEPTH} levels, even a million deep`, async () => {
    const deep = (levels: number) =>
      JSON.stringify(
        messagesBody({
          messages: [
            { role: 'user', content: 'hi' },
            { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'n', input: { v: 'PLACE' } }] },
          ],
        }),
      ).replace('"PLACE"', `${'['.repeat(levels)}${']'.repeat(levels)}`);
    expectInvalidRequest(await send(deep(200)), new RegExp(`deeper than ${MAX_JSON_DEPTH} levels`));
    const proxyWithRoom = await startProxy({ OPENAI_BASE_URL: shared.backend.baseUrl, BODY_LIMIT_MB: '4' });
    try {
      const response = await request(`${proxyWithRoom.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: deep(1_000_000),
      });
      expect(response.statusCode).toBe(400);
      expect(await response.body.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
    } finally {
      await proxyWithRoom.close();
    }
  });

  it('accepts brackets inside strings and nesting within the limit', async () => {
    shared.backend.enqueue(completion({ content: 'ok' }));
    const nested = `${'['.repeat(100)}${']'.repeat(100)}`;
    const body = JSON.stringify(
      messagesBody({
        messages: [
          { role: 'user', content: `${'['.repeat(500)} "\\" {` },
          { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'n', input: { v: 0 } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'r' }] },
        ],
      }),
    ).replace('"v":0', `"v":${nested}`);
    expect((await send(body)).status).toBe(200);
  });

  // The request is valid apart from the key, so only the parser can turn it away: a plain
  // JSON.parse would accept it (and, making "__proto__" an own property, pollute nothing, so
  // checking Object.prototype afterwards would prove nothing).
  it.each([
    ['a __proto__ key', '"__proto__":{"polluted":true}'],
    ['a constructor.prototype key', '"constructor":{"prototype":{"polluted":true}}'],
  ])('returns 400 for %s', async (_case, member) => {
    const body = JSON.stringify(messagesBody()).replace(/^\{/, `{${member},`);
    expectInvalidRequest(await send(body), /forbidden __proto__ or constructor\.prototype key/);
    expect(shared.backend.requests).toHaveLength(0);
  });
});

describe('content types', () => {
  it.each([
    ['text/plain', { 'content-type': 'text/plain' }],
    ['application/x-www-form-urlencoded', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['a missing Content-Type', {} as Record<string, string>],
  ])('returns 400 invalid_request_error for %s', async (_case, headers) => {
    expectInvalidRequest(await send(JSON.stringify(messagesBody()), headers), /Content-Type/);
  });

  it('accepts application/json with a charset', async () => {
    shared.backend.enqueue(completion({ content: 'ok' }));
    const answer = await send(JSON.stringify(messagesBody()), {
      'content-type': 'application/json; charset=utf-8',
    });
    expect(answer.status).toBe(200);
  });
});

describe('wrong types anywhere', () => {
  it.each([
    [{ model: 42 }, /^model: /],
    [{ max_tokens: -1 }, /^max_tokens: /],
    [{ max_tokens: 1.5 }, /^max_tokens: /],
    [{ messages: 'hi' }, /^messages: /],
    [{ messages: [] }, /^messages: at least one message is required/],
    [{ messages: [{ role: 'user', content: [] }] }, /^messages: every message is empty once translated/],
    [
      { messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: '', name: 'n', input: {} }] }] },
      /^messages\.0\.content\.0\.id: /,
    ],
    [{ thinking: { type: 'enabled', budget_tokens: 0 } }, /^thinking\.budget_tokens: /],
    [{ messages: [{ role: 'robot', content: 'hi' }] }, /^messages\.0\.role: /],
    [
      { messages: [{ role: 'user', content: [{ type: 'text', text: 7 }] }] },
      /^messages\.0\.content\.0\.text: /,
    ],
    [{ tools: [{ name: '' }] }, /^tools\.0\.name: /],
    [{ tool_choice: { type: 'tool' } }, /^tool_choice\.name: /],
    [{ stream: 'yes' }, /^stream: /],
    [{ temperature: 'hot' }, /^temperature: /],
    [{ stop_sequences: [1] }, /^stop_sequences\.0: /],
    [{ thinking: { type: 'enabled', budget_tokens: 'lots' } }, /^thinking\.budget_tokens: /],
  ])('returns 400 naming the field for %j', async (override, message) => {
    expectInvalidRequest(await send(JSON.stringify(messagesBody(override))), message);
    expect(shared.backend.requests).toHaveLength(0);
  });
});

describe('unknown paths', () => {
  it.each([
    ['GET', '/v2/messages'],
    ['POST', '/v1/complete'],
    ['DELETE', '/v1/messages'],
    ['GET', '/../../etc/passwd'],
  ])('returns 404 not_found_error for %s %s', async (method, path) => {
    const response = await request(`${shared.proxy.url}${path}`, { method });
    expect(response.statusCode).toBe(404);
    expect(await response.body.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });
});
