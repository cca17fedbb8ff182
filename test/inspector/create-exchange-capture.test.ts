import { describe, expect, it } from 'vitest';
import { UpstreamUnreachableError } from '../../src/errors.js';
import { type BodyArena, createBodyArena } from '../../src/inspector/body-arena.js';
import { OVERWRITTEN_NOTE } from '../../src/inspector/build-exchange-record.js';
import { createExchangeCapture } from '../../src/inspector/create-exchange-capture.js';
import {
  createRingStore,
  type ExchangeStore,
  oldestArenaPosition,
} from '../../src/inspector/exchange-store.js';
import { truncationMarker } from '../../src/inspector/limit-text.js';
import type { Provider } from '../../src/providers/provider.js';
import { createRequestFacts, type RequestFacts } from '../../src/server/app-context.js';
import { parseRequestJson } from '../../src/server/limits/parse-request-json.js';
import { createSecretRedactor } from '../../src/server/redact-secrets.js';
import { encodeBody, knownJsonOf, rememberJson } from '../../src/translate/known-json.js';
import { createUpstreamStatusError } from '../../src/upstream/map-upstream-error.js';
import { forceGc } from '../helpers/force-gc.js';

const BACKEND_KEY = 'sk-backend-0123456789';
const PROXY_KEY = 'proxy-key-abcdef';

const provider = {
  name: 'deepseek',
  config: {
    backend: { origin: 'https://api.deepseek.test', chatCompletionsPath: '/v1/chat/completions' },
    headers: {},
  },
  protocol: 'chat',
} as unknown as Provider;

function facts(): RequestFacts {
  return createRequestFacts({ route: 'default', clientModel: 'claude-sonnet-4-5', stream: true });
}

function capture(maxChars = 100_000, exchangeFacts = facts()) {
  return createExchangeCapture(
    {
      maxChars,
      redact: createSecretRedactor([BACKEND_KEY, PROXY_KEY]),
      arena: createBodyArena(Math.max(4 * maxChars, 1 << 20)),
      pricing: { 'deepseek/deepseek-chat': { input: 1, output: 10 } },
    },
    'req_1',
    { authorization: `Bearer ${PROXY_KEY}`, 'user-agent': 'claude-cli/2.1', 'x-other': 'not shown' },
    exchangeFacts,
  );
}

/** A capture writing into `arena`, redacting nothing, for tests of what the arena keeps. */
function captureIn(arena: BodyArena, maxChars: number, id = 'req_arena') {
  return createExchangeCapture({ maxChars, arena, redact: (text) => text, pricing: {} }, id, {}, facts());
}

/** The end of an exchange whose body bytes the parser did not keep (the route's parsed body is shown). */
const NO_TEXT = { bytes: undefined, body: undefined };

const bytes = (text: string) => new TextEncoder().encode(text);

describe('createExchangeCapture', () => {
  it('removes the backend and proxy keys from all four bodies and the headers', async () => {
    const exchange = capture();
    exchange.clientRequest({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: `my key is ${PROXY_KEY}` }],
    });
    const attempt = exchange.startAttempt(provider, 'deepseek-chat');
    attempt.sent(JSON.stringify({ model: 'deepseek-chat', note: BACKEND_KEY }));
    await attempt.track(Promise.resolve('answer'));
    attempt.received(bytes(`data: {"echo":"${BACKEND_KEY}"}\n\n`));
    exchange.clientFrame(`event: content_block_delta\ndata: {"text":"${BACKEND_KEY}"}\n\n`);
    const record = exchange.finish(200, 12, NO_TEXT).record();

    const text = JSON.stringify(record);
    expect(text).not.toContain(BACKEND_KEY);
    expect(text).not.toContain(PROXY_KEY);
    expect(record.clientHeaders).toEqual({ 'user-agent': 'claude-cli/2.1', authorization: '[redacted]' });
    expect(record.clientRequest?.text).toContain('my key is [redacted]');
    expect(record.attemptDetails[0]?.request?.text).toContain('"note":"[redacted]"');
    expect(record.attemptDetails[0]?.frames?.frames[0]?.text).toBe('data: {"echo":"[redacted]"}\n\n');
    expect(record.clientFrames?.frames[0]?.text).toContain('{"text":"[redacted]"}');
    expect(record.attemptDetails[0]?.curl).toContain('$OPENAI_API_KEY');
  });

  it('redacts a key the backend split between two chunks, joining them into one frame', () => {
    const exchange = capture();
    const attempt = exchange.startAttempt(provider, 'deepseek-chat');
    attempt.received(bytes(`data: {"a":"${BACKEND_KEY.slice(0, 8)}`));
    attempt.received(bytes(`${BACKEND_KEY.slice(8)}"}\n\n`));
    const frames = exchange.finish(200, 5, NO_TEXT).record().attemptDetails[0]?.frames?.frames;
    expect(frames).toHaveLength(1);
    expect(frames?.[0]?.text).toBe('data: {"a":"[redacted]"}\n\n');
  });

  it('decodes a character split between two chunks', () => {
    const exchange = capture();
    const attempt = exchange.startAttempt(provider, 'deepseek-chat');
    const euro = bytes('data: "€"\n\n');
    attempt.received(euro.subarray(0, 8));
    attempt.received(euro.subarray(8));
    const frames = exchange.finish(200, 5, NO_TEXT).record().attemptDetails[0]?.frames?.frames ?? [];
    expect(frames.map((frame) => frame.text).join('')).toBe('data: "€"\n\n');
    expect(frames.every((frame) => !frame.text.includes('\uFFFD'))).toBe(true);
  });

  it('cuts bodies to the size limit and offers no curl for a body it cut', async () => {
    const exchange = capture(50);
    exchange.clientRequest({ content: 'x'.repeat(200) });
    const attempt = exchange.startAttempt(provider, 'deepseek-chat');
    attempt.sent(JSON.stringify({ content: 'y'.repeat(200) }));
    await attempt.track(Promise.resolve('answer'));
    for (let index = 0; index < 10; index++) attempt.received(bytes('z'.repeat(20)));
    const record = exchange.finish(200, 5, NO_TEXT).record();
    expect(record.clientRequest).toMatchObject({ truncated: true, length: 214 });
    expect(record.clientRequest?.text).toMatch(
      /^\{"content":"x{38}\n… \[truncated by the inspector: 164 more characters\]$/,
    );
    expect(record.attemptDetails[0]?.request?.truncated).toBe(true);
    expect(record.attemptDetails[0]?.curl).toBeNull();
    const frames = record.attemptDetails[0]?.frames;
    // Three 20-byte chunks reach the limit; the seven after them are only counted.
    expect(frames).toMatchObject({ truncated: true, droppedFrames: 7, droppedChars: 10 + 7 * 20 });
    expect(frames?.frames.map((frame) => frame.text)).toEqual([
      'z'.repeat(20),
      'z'.repeat(20),
      `${'z'.repeat(10)}${truncationMarker(10)}`,
    ]);
  });

  it('keeps a failed attempt with its outcome, the backend status and error body', async () => {
    const exchange = capture();
    const first = exchange.startAttempt(provider, 'deepseek-chat');
    first.sent('{"model":"deepseek-chat"}');
    const failure = createUpstreamStatusError(429, '{"error":{"message":"slow down"}}', {
      provider: 'deepseek',
    });
    await expect(first.track(Promise.reject(failure))).rejects.toBe(failure);
    const second = exchange.startAttempt(provider, 'deepseek-chat');
    await expect(
      second.track(Promise.reject(new UpstreamUnreachableError('Could not reach provider deepseek'))),
    ).rejects.toThrow();
    exchange.clientAnswer(
      JSON.stringify({
        type: 'error',
        error: { type: 'api_error', message: 'Could not reach provider deepseek' },
      }),
    );
    const record = exchange.finish(502, 30, NO_TEXT).record();
    expect(
      record.attemptDetails.map(({ outcome, status, answer, error }) => ({
        outcome,
        status,
        answer: answer?.text,
        error,
      })),
    ).toEqual([
      {
        outcome: 'UPSTREAM_STATUS',
        status: 429,
        answer: '{"error":{"message":"slow down"}}',
        error: 'Backend error (provider deepseek, HTTP 429): slow down',
      },
      {
        outcome: 'UPSTREAM_UNREACHABLE',
        status: null,
        answer: undefined,
        error: 'Could not reach provider deepseek',
      },
    ]);
    expect(record.error).toBe('Could not reach provider deepseek');
  });

  it("reads the error message of a stream's error event", () => {
    // The stream writer notes the error's type in the facts when it writes the event.
    const exchange = capture(100_000, { ...facts(), errorType: 'api_error' });
    exchange.clientFrame('event: message_start\ndata: {"type":"message_start"}\n\n');
    exchange.clientFrame(
      'event: error\ndata: {"type":"error","error":{"type":"api_error","message":"The answer stream was interrupted."}}\n\n',
    );
    expect(exchange.finish(200, 30, NO_TEXT).record().error).toBe('The answer stream was interrupted.');
  });

  it('shows an exchange before it ends without bodies, and keeps a body validation turned away', () => {
    const exchange = capture();
    expect(exchange.snapshot().record()).toMatchObject({
      id: 'req_1',
      done: false,
      status: null,
      clientRequest: null,
    });
    const record = exchange.finish(400, 2, { bytes: undefined, body: { model: 42 } }).record();
    expect(record).toMatchObject({ done: true, status: 400, clientRequest: { text: '{"model":42}' } });
  });

  it('is one object in the ring from start to end, whose summary reads the facts as they stand', () => {
    const running = facts();
    const exchange = capture(100_000, running);
    const store = createRingStore(10);
    exchange.clientRequest({ model: 'claude-sonnet-4-5' });
    store.put(exchange.snapshot());
    running.provider = 'deepseek';
    running.outputTokens = 12;
    expect(store.get('req_1')?.summary).toMatchObject({
      done: false,
      provider: 'deepseek',
      outputTokens: 12,
    });
    const finished = exchange.finish(200, 5, NO_TEXT);
    expect(finished).toBe(store.get('req_1'));
    store.put(finished);
    expect(store.size).toBe(1);
    expect(store.get('req_1')?.summary).toMatchObject({ done: true, status: 200, outputTokens: 12 });
  });

  it("lets go of the request's parsed body, bytes and headers once it ends, and keeps what it shows", async () => {
    // Made in a function of their own, so only the exchange could still hold them.
    function runExchange() {
      const body = { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }] };
      const received = bytes(JSON.stringify(body));
      const headers = { 'user-agent': 'claude-cli/2.1', 'x-api-key': PROXY_KEY };
      const exchange = createExchangeCapture(
        { maxChars: 100_000, arena: createBodyArena(1 << 20), redact: (text) => text, pricing: {} },
        'req_released',
        headers,
        facts(),
      );
      exchange.clientRequest(body);
      const stored = exchange.finish(200, 5, { bytes: received, body });
      return { stored, released: [new WeakRef(body), new WeakRef(received), new WeakRef(headers)] };
    }
    const { stored, released } = runExchange();
    await forceGc();
    expect(released.map((reference) => reference.deref())).toEqual([undefined, undefined, undefined]);
    expect(stored.record()).toMatchObject({
      clientRequest: { text: '{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"hi"}]}' },
      clientHeaders: { 'user-agent': 'claude-cli/2.1', 'x-api-key': '[redacted]' },
    });
  });

  it('waits for a stream still being read before it is recorded, so the last bytes are in it', () => {
    const exchange = capture();
    const attempt = exchange.startAttempt(provider, 'deepseek-chat');
    attempt.received(bytes('data: {"choices":[]}\n\n'));
    const recorded: string[] = [];
    exchange.afterStreams(() => {
      recorded.push(
        exchange
          .finish(200, 5, NO_TEXT)
          .record()
          .attemptDetails[0]!.frames!.frames.map((frame) => frame.text)
          .join(''),
      );
    });
    expect(recorded).toEqual([]);
    attempt.received(bytes('data: [DONE]\n\n'));
    attempt.ended();
    expect(recorded).toEqual(['data: {"choices":[]}\n\ndata: [DONE]\n\n']);
  });

  it('records at once when no stream is open', () => {
    const exchange = capture();
    let called = 0;
    exchange.afterStreams(() => {
      called++;
    });
    expect(called).toBe(1);
  });

  it('keeps references only when the exchange ends, and builds the record when it is read, keeping none', async () => {
    const calls: string[] = [];
    const redactKeys = createSecretRedactor([BACKEND_KEY, PROXY_KEY]);
    const redact = (text: string) => {
      calls.push(text);
      return redactKeys(text);
    };
    const exchange = createExchangeCapture(
      { maxChars: 100_000, arena: createBodyArena(1 << 20), redact, pricing: {} },
      'req_lazy',
      {},
      facts(),
    );
    const sent = JSON.stringify({ model: 'deepseek-chat', note: BACKEND_KEY });
    const attempt = exchange.startAttempt(provider, 'deepseek-chat');
    attempt.sent(sent);
    await attempt.track(Promise.resolve('answer'));
    attempt.received(bytes('data: {"choices":[]}\n\n'));
    attempt.ended();
    exchange.clientFrame('event: message_stop\ndata: {"type":"message_stop"}\n\n');
    const stored = exchange.finish(200, 5, {
      bytes: bytes('{"model":"claude-sonnet-4-5"}'),
      body: undefined,
    });
    expect(calls).toEqual([]);
    expect(stored.summary).toMatchObject({ id: 'req_lazy', done: true, status: 200, error: null });

    const record = stored.record();
    expect(calls.length).toBeGreaterThan(0);
    expect(record.attemptDetails[0]?.request?.text).toBe(sent.replace(BACKEND_KEY, '[redacted]'));
    // Built again on the next read, equal, and not the same object: no record stays in the heap.
    const again = stored.record();
    expect(again).not.toBe(record);
    expect(again).toEqual(record);
  });

  it('shows the request exactly as received, unknown fields, spacing and any language included', () => {
    const exchange = capture();
    exchange.clientRequest({ model: 'claude-sonnet-4-5' });
    const text = `{ "model": "claude-sonnet-4-5",  "x_unknown": 1, "note": "€ 日本 ${PROXY_KEY}" }`;
    const record = exchange
      .finish(200, 5, { bytes: bytes(text), body: { model: 'claude-sonnet-4-5' } })
      .record();
    expect(record.clientRequest).toEqual({
      text: text.replace(PROXY_KEY, '[redacted]'),
      truncated: false,
      length: text.length - PROXY_KEY.length + '[redacted]'.length,
    });
  });

  it('cuts a body over the limit when the exchange ends, redacting before it cuts', () => {
    const exchange = capture(50);
    // The key straddles the limit: cut first, its first characters would be shown.
    const text = `${'a'.repeat(45)}${BACKEND_KEY}${'b'.repeat(100)}`;
    const attempt = exchange.startAttempt(provider, 'deepseek-chat');
    attempt.sent(text);
    const stored = exchange.finish(200, 5, { bytes: bytes(text), body: undefined });
    for (const body of [stored.record().clientRequest, stored.record().attemptDetails[0]?.request]) {
      expect(body?.truncated).toBe(true);
      expect(body?.text.startsWith(`${'a'.repeat(45)}[reda`)).toBe(true);
      expect(body?.text).not.toContain(BACKEND_KEY.slice(0, 4));
    }
  });

  it('keeps the cut of a body over the limit in the arena, where newer bodies overwrite it in turn', () => {
    const arena = createBodyArena(400);
    const exchange = captureIn(arena, 100, 'req_cut');
    exchange.startAttempt(provider, 'deepseek-chat').sent('c'.repeat(1000));
    const stored = exchange.finish(200, 5, NO_TEXT);
    const cut = stored.record().attemptDetails[0]?.request;
    expect(cut).toMatchObject({ truncated: true, length: 1000 });
    expect(cut?.text).toBe(`${'c'.repeat(100)}${truncationMarker(900)}`);
    // The arena's 400 bytes go round once: the cut, held nowhere else, is gone.
    arena.keepText('x'.repeat(400));
    expect(stored.record().attemptDetails[0]?.request).toEqual({
      text: OVERWRITTEN_NOTE,
      truncated: true,
      length: 1000,
    });
  });

  it("copies the request's bytes when it is validated, so the caller can let them go", () => {
    const exchange = capture();
    const received = Buffer.from(`{"model":"claude-sonnet-4-5","note":"${PROXY_KEY}"}`);
    exchange.clientRequest({ model: 'claude-sonnet-4-5' }, received);
    received.fill(0x20);
    const record = exchange.finish(200, 5, NO_TEXT).record();
    expect(record.clientRequest?.text).toBe('{"model":"claude-sonnet-4-5","note":"[redacted]"}');
  });

  it('cuts a request kept at validation when the exchange ends, redacting before it cuts', () => {
    const exchange = capture(50);
    const text = `${'a'.repeat(45)}${BACKEND_KEY}${'b'.repeat(100)}`;
    exchange.clientRequest({}, bytes(text));
    const request = exchange.finish(200, 5, NO_TEXT).record().clientRequest;
    expect(request).toMatchObject({ truncated: true, length: text.length - BACKEND_KEY.length + 10 });
    expect(request?.text.startsWith(`${'a'.repeat(45)}[reda`)).toBe(true);
  });

  it('redacts a key split between two frames written to the client, joining them into one', () => {
    const exchange = capture();
    exchange.clientFrame(`data: {"a":"${PROXY_KEY.slice(0, 6)}`);
    exchange.clientFrame(`${PROXY_KEY.slice(6)}"}\n\n`);
    const frames = exchange.finish(200, 5, NO_TEXT).record().clientFrames?.frames;
    expect(frames).toEqual([{ atMs: expect.any(Number), text: 'data: {"a":"[redacted]"}\n\n' }]);
  });

  it('cuts the frames written to the client at the limit and counts the rest', () => {
    const exchange = capture(50);
    for (let index = 0; index < 10; index++) exchange.clientFrame('f'.repeat(20));
    const frames = exchange.finish(200, 5, NO_TEXT).record().clientFrames;
    expect(frames).toMatchObject({ truncated: true, droppedFrames: 7, droppedChars: 10 + 7 * 20 });
    expect(frames?.frames.map((frame) => frame.text.length)).toEqual([
      20,
      20,
      10 + truncationMarker(10).length,
    ]);
  });

  it('names the virtual key and prices the tokens as the ledger does, in the summary', () => {
    const keyed = { ...facts(), key: { id: 'key_1', name: 'alice' } };
    const exchange = capture(100_000, keyed);
    keyed.provider = 'deepseek';
    keyed.backendModel = 'deepseek-chat';
    keyed.inputTokens = 1000;
    keyed.outputTokens = 100;
    expect(exchange.snapshot().summary).toMatchObject({ key: { id: 'key_1', name: 'alice' }, costUsd: null });
    const { summary } = exchange.finish(200, 5, NO_TEXT);
    // $1 per million input and $10 per million output: 1000 × 1 + 100 × 10 millionths.
    expect(summary).toMatchObject({ key: { id: 'key_1', name: 'alice' } });
    expect(summary.costUsd).toBeCloseTo(0.002, 10);
    expect(JSON.stringify(summary)).not.toContain(PROXY_KEY);
  });

  it('leaves the cost out for a model without a price', () => {
    const unpriced = { ...facts(), provider: 'deepseek', backendModel: 'home-model', inputTokens: 5 };
    expect(capture(100_000, unpriced).finish(200, 5, NO_TEXT).summary.costUsd).toBeNull();
  });

  it('copies each piece as it arrives, so a buffer the reader reuses does not change the record', () => {
    const exchange = capture();
    const attempt = exchange.startAttempt(provider, 'deepseek-chat');
    const reused = bytes('data: 1\n\n');
    attempt.received(reused);
    reused.set(bytes('data: 2\n\n'));
    attempt.received(reused);
    const frames = exchange.finish(200, 5, NO_TEXT).record().attemptDetails[0]?.frames?.frames ?? [];
    expect(frames.map((frame) => frame.text)).toEqual(['data: 1\n\n', 'data: 2\n\n']);
  });

  it("names a running stream's first pieces once newer exchanges took their memory, and keeps the rest", () => {
    const arena = createBodyArena(100, { segmentBytes: 10 });
    const streaming = captureIn(arena, 1000, 'req_long_stream');
    for (const piece of ['aaaaaaaaaa', 'bbbbbbbbbb', 'cccccccccc']) streaming.clientFrame(piece);
    // Another exchange's 65 bytes fill the arena to 95 of its 100: the next piece needs one
    // segment more, and the oldest, the first piece's, is written over.
    arena.keepText('x'.repeat(65));
    streaming.clientFrame('dddddddddd');
    const frames = streaming.finish(200, 5, NO_TEXT).record().clientFrames;
    expect(frames?.frames.map((frame) => frame.text)).toEqual([
      OVERWRITTEN_NOTE,
      'bbbbbbbbbb',
      'cccccccccc',
      'dddddddddd',
    ]);
    expect(frames).toMatchObject({ truncated: true, droppedFrames: 1, droppedChars: 10 });
  });

  it('says a body is no longer kept once newer exchanges took its memory, and offers no curl for it', () => {
    const arena = createBodyArena(10_000);
    const record = (content: string) => {
      const exchange = captureIn(arena, 10_000, 'req_arena');
      exchange.startAttempt(provider, 'deepseek-chat').sent(content);
      return exchange.finish(200, 5, NO_TEXT);
    };
    const older = record('a'.repeat(6000));
    const newer = record('b'.repeat(6000));
    expect(older.record().attemptDetails[0]).toMatchObject({
      request: { text: OVERWRITTEN_NOTE, truncated: true, length: 6000 },
      curl: null,
    });
    expect(newer.record().attemptDetails[0]?.request?.text).toBe('b'.repeat(6000));
  });
});

describe('the arena behind a ring of exchanges', () => {
  /** One exchange with a request of `size` bytes, put in the ring when it starts and when it ends, as the route does. */
  function exchangeThrough(store: ExchangeStore, arena: BodyArena, id: string, size: number): void {
    const exchange = captureIn(arena, 256 * 1024, id);
    exchange.clientRequest(undefined, bytes(`{"id":"${id}","pad":"${'x'.repeat(size)}"}`));
    store.put(exchange.snapshot());
    exchange.clientAnswer('{"type":"message"}');
    store.put(exchange.finish(200, 5, NO_TEXT));
  }

  it('takes a segment or two for small exchanges, as many as the large ones the ring shows need, and gives them back after', () => {
    const segment = 256 * 1024;
    const capacity = 8 << 20;
    const store = createRingStore(50);
    const arena = createBodyArena(capacity, {
      segmentBytes: segment,
      oldestInUse: () => oldestArenaPosition(store),
    });
    for (let index = 0; index < 500; index++) exchangeThrough(store, arena, `small_${index}`, 1000);
    expect(arena.allocated).toBeLessThanOrEqual(2 * segment);

    for (let index = 0; index < 50; index++) exchangeThrough(store, arena, `large_${index}`, 100_000);
    // 50 requests of 100 KB in use: 5 MB, and at most the segments either side of it, not the 8 MiB allowed.
    expect(arena.allocated).toBeGreaterThanOrEqual(5_000_000);
    expect(arena.allocated).toBeLessThanOrEqual(5_000_000 + 2 * segment);
    const shown = store.list().map((exchange) => exchange.record().clientRequest?.text ?? '');
    expect(shown).toHaveLength(50);
    for (const [index, text] of shown.entries()) {
      expect(text.startsWith(`{"id":"large_${49 - index}","pad":"xxx`)).toBe(true);
      expect(text).not.toContain(OVERWRITTEN_NOTE);
    }

    // Small exchanges again: they write into the segments the large ones left, which are given
    // back once a whole capacity's worth was written without needing them.
    const largeEnd = arena.position;
    let index = 0;
    while (arena.position < largeEnd + capacity / 2)
      exchangeThrough(store, arena, `small_again_${index++}`, 1000);
    expect(arena.allocated).toBeGreaterThanOrEqual(5_000_000);
    while (arena.position < largeEnd + capacity + 2 * segment)
      exchangeThrough(store, arena, `small_again_${index++}`, 1000);
    expect(arena.allocated).toBeLessThanOrEqual(2 * segment);
  });
});

describe('a tool list many requests share', () => {
  const TOOLS = [
    { name: 'read_file', description: 'Reads a file — any file', input_schema: { type: 'object' } },
    { name: 'run', description: 'Runs a command', input_schema: { type: 'object' } },
  ];
  /** A request body as a client writes it (JSON.stringify), parsed the way the proxy parses one. */
  function received(content: string, tools: unknown = TOOLS) {
    const text = JSON.stringify({ model: 'claude-x', messages: [{ role: 'user', content }], tools });
    const { value } = parseRequestJson(text, 64);
    return { text, bytes: Buffer.from(text), tools: (value as { tools: unknown }).tools };
  }

  it("keeps a request's kept tool list once, by reference, and shows the request byte for byte", () => {
    const arena = createBodyArena(1 << 20);
    const listBytes = Buffer.byteLength(JSON.stringify(TOOLS));
    for (const content of ['first — turn', 'second — turn']) {
      const request = received(content);
      const exchange = captureIn(arena, 100_000);
      const before = arena.position;
      exchange.clientRequest(undefined, request.bytes, request.tools);
      expect(arena.position - before).toBe(request.bytes.byteLength - listBytes);
      expect(exchange.finish(200, 5, NO_TEXT).record().clientRequest?.text).toBe(request.text);
    }
  });

  it("copies a request whole when its bytes are not the kept list's (not valid UTF-8 there)", () => {
    const arena = createBodyArena(1 << 20);
    // The tool list first, the messages after: a splice in the wrong place would show.
    const text = JSON.stringify({
      model: 'claude-x',
      tools: [{ name: 'x', description: '..' }],
      messages: [{ role: 'user', content: 'the messages come after the tools here' }],
    });
    // Two bytes that are not UTF-8: the text decoded from them, and so the list kept, has two
    // U+FFFD there, which encode back to six other bytes.
    const raw = Buffer.from(text);
    raw.set([0xff, 0xfe], raw.indexOf('..'));
    const decoded = raw.toString('utf8');
    const { value } = parseRequestJson(decoded, 64);
    const tools = (value as { tools: unknown }).tools;
    expect(knownJsonOf(tools)).toBe(JSON.stringify([{ name: 'x', description: '\uFFFD\uFFFD' }]));
    const exchange = captureIn(arena, 100_000);
    const before = arena.position;
    exchange.clientRequest(undefined, raw, tools);
    expect(arena.position - before).toBe(raw.byteLength);
    expect(exchange.finish(200, 5, NO_TEXT).record().clientRequest?.text).toBe(decoded);
  });

  it('keeps a body sent on once around the tool list it shares, and shows it and its curl whole', () => {
    const arena = createBodyArena(1 << 20);
    const converted = rememberJson([{ type: 'function', function: { name: 'read_file', parameters: {} } }]);
    const body = encodeBody({
      model: 'backend-model',
      messages: [{ role: 'user', content: 'hé' }],
      tools: converted,
    });
    const exchange = captureIn(arena, 100_000);
    exchange.startAttempt(provider, 'deepseek-chat').sent(body, converted);
    const before = arena.position;
    const attempt = exchange.finish(200, 5, NO_TEXT).record().attemptDetails[0];
    expect(arena.position - before).toBe(body.byteLength - Buffer.byteLength(JSON.stringify(converted)));
    expect(attempt?.request?.text).toBe(body.toString('utf8'));
    expect(attempt?.curl).toContain('read_file');
  });

  it('says a shared-list body is no longer kept once newer exchanges took the memory around the list', () => {
    const arena = createBodyArena(40_000, { segmentBytes: 1000 });
    const request = received('x'.repeat(6000));
    const exchange = captureIn(arena, 100_000);
    exchange.clientRequest(undefined, request.bytes, request.tools);
    arena.keepText('y'.repeat(39_000));
    expect(exchange.finish(200, 5, NO_TEXT).record().clientRequest).toEqual({
      text: OVERWRITTEN_NOTE,
      truncated: true,
      length: request.bytes.byteLength,
    });
  });
});
