import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, STATIC_KEY, startGatewayProxy } from '../gateway/start-gateway-proxy.js';
import { buildChunkStream } from '../helpers/build-chunk-stream.js';
import { browserRequired, launchChromium } from '../helpers/launch-chromium.js';
import {
  completion,
  json,
  type ScriptedBackend,
  sse,
  startScriptedBackend,
} from '../helpers/scripted-backend.js';
import { startProxy, type TestProxy } from '../helpers/start-proxy.js';

// The page in real headless Chromium: it must show exchanges live, the four bodies of each,
// the backend's error for a failure, and never a key.

const BACKEND_KEY = 'sk-backend-browser-test-7731';
const PROXY_KEY = 'proxy-key-browser-test';
const SCREENSHOTS = new URL('../../test-results/', import.meta.url).pathname;

let browser: Browser | undefined;
let skipReason = '';
let backend: ScriptedBackend;
let proxy: TestProxy;

beforeAll(async () => {
  const launched = await launchChromium();
  if (!launched.browser) {
    skipReason = launched.reason;
    if (browserRequired) throw new Error(`REQUIRE_BROWSER=1 but ${launched.reason}`);
    console.warn(`skipping the inspector browser test: ${launched.reason}`);
    return;
  }
  browser = launched.browser;
  mkdirSync(SCREENSHOTS, { recursive: true });
  backend = await startScriptedBackend();
  proxy = await startProxy({
    OPENAI_BASE_URL: backend.baseUrl,
    OPENAI_API_KEY: BACKEND_KEY,
    PROXY_API_KEY: PROXY_KEY,
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await backend?.close();
});

/**
 * Runs in the page: opens every collapsed node of a pane (children are built when a node
 * opens, so in rounds), unfolds long strings, and returns the pane's text. Kept as source
 * text because the tests are compiled without the DOM's types.
 */
const EXPAND_ALL = `async (selector) => {
  const root = document.querySelector(selector);
  if (!root) throw new Error('no ' + selector);
  for (let round = 0; round < 20; round++) {
    const closed = [...root.querySelectorAll('details:not([open])')];
    if (closed.length === 0) break;
    for (const node of closed) node.open = true;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  for (const folded of root.querySelectorAll('.j-string.folded:not(.unfolded)')) folded.click();
  return root.textContent ?? '';
}`;

async function expandAll(page: Page, pane: string): Promise<string> {
  return page.evaluate<string>(`(${EXPAND_ALL})(${JSON.stringify(pane)})`);
}

describe('the inspector page in headless Chromium', () => {
  it('shows a streamed tool call and a failure live, with their four panes and no key', async (context) => {
    if (!browser) return context.skip(skipReason);
    const browserContext = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const page = await browserContext.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // 1. The page asks for the proxy key once and then follows the live feed.
    await page.goto(`${proxy.url}/ui`);
    await page.locator('#key-dialog').waitFor({ state: 'visible' });
    await page.fill('#key-input', PROXY_KEY);
    await page.click('#key-form button[type=submit]');
    await page.locator('#feed-state[data-state="live"]').waitFor();
    expect(await page.evaluate<string | null>("sessionStorage.getItem('infiniproxy.inspector.key')")).toBe(
      PROXY_KEY,
    );
    expect(page.url()).toBe(`${proxy.url}/ui`);

    // 2. A streamed tool call and a request the backend refuses, sent while the page is open.
    backend.enqueue(
      sse(
        buildChunkStream([
          { text: 'I will read it.' },
          { toolCall: { id: 'call_7', name: 'read_file', arguments: '{"path":"src/cli.ts"}' } },
        ]),
        'byte-per-write',
      ),
      json(400, {
        error: { message: `Incorrect API key provided: ${BACKEND_KEY}`, type: 'invalid_request_error' },
      }),
    );
    const stream = proxy.client.messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 200,
      messages: [{ role: 'user', content: 'Please read src/cli.ts' }],
      tools: [
        {
          name: 'read_file',
          description: 'Reads a file',
          input_schema: { type: 'object', properties: { path: { type: 'string' } } },
        },
      ],
    });
    const message = await stream.finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    const streamedId = (await stream.withResponse()).response.headers.get('request-id')!;
    const failure = await proxy.client.messages
      .create({
        model: 'claude-haiku-4-5',
        max_tokens: 50,
        messages: [{ role: 'user', content: 'this one fails' }],
      })
      .catch((error: { status?: number; requestID?: string }) => error);
    expect(failure).toMatchObject({ status: 400 });
    const failedId = (failure as { requestID: string }).requestID;

    // 3. Both rows arrive through the feed, without a reload.
    const streamedRow = page.locator(`tr[data-id="${streamedId}"]`);
    const failedRow = page.locator(`tr[data-id="${failedId}"]`);
    await expect.poll(() => failedRow.locator('.status').textContent()).toBe('400');
    await expect.poll(() => streamedRow.locator('.status').textContent()).toBe('200');
    const streamedCells = await streamedRow.locator('td').allTextContents();
    expect(streamedCells[1]).toBe('claude-sonnet-4-5 → default → default / backend-model');
    expect(streamedCells[2]).toBe('stream');
    expect(streamedCells[6]).toBe('20 / 10 / 0');
    expect(streamedCells[7]).toBe('1: default ✓');
    expect(await failedRow.locator('td').nth(7).textContent()).toBe('1: default ✗ 400');
    expect(await page.locator('#stat-requests').textContent()).toBe('2');
    expect(await page.locator('#stat-errors').textContent()).toBe('50.0%');
    expect(await page.locator('#chart svg polyline.latency').count()).toBe(1);
    await page.screenshot({ path: `${SCREENSHOTS}inspector-table.png` });

    // 4. The streamed exchange: the four panes hold what went each way.
    await streamedRow.click();
    await page.locator(`#detail[data-id="${streamedId}"]`).waitFor();
    const clientRequest = await expandAll(page, '#pane-client-request');
    expect(clientRequest).toContain('"Please read src/cli.ts"');
    expect(clientRequest).toContain('"read_file"');
    expect(clientRequest).toMatch(/(authorization|x-api-key)\s*\[redacted\]/);
    const backendRequest = await expandAll(page, '#pane-backend-request');
    expect(backendRequest).toContain(`POST ${backend.baseUrl}/chat/completions`);
    expect(backendRequest).toContain('"stream_options"');
    expect(backendRequest).toContain('"function"');
    const backendAnswer = await expandAll(page, '#pane-backend-answer');
    expect(backendAnswer).toMatch(/\d+ SSE events, \d+ pieces as they arrived/);
    expect(backendAnswer).toContain('"call_7"');
    expect(backendAnswer).toContain('data: [DONE]');
    const clientAnswer = await expandAll(page, '#pane-client-answer');
    expect(clientAnswer).toMatch(/\d+ Anthropic events/);
    for (const event of [
      'message_start',
      'content_block_start',
      'content_block_delta',
      'message_delta',
      'message_stop',
    ]) {
      expect(clientAnswer).toContain(event);
    }
    expect(clientAnswer).toContain('"tool_use"');
    expect(clientAnswer).toContain('+');
    await page.screenshot({ path: `${SCREENSHOTS}inspector-stream-exchange.png`, fullPage: true });

    // 5. Copying the backend request as curl names the key as a variable and the provider's URL.
    await page.click('#copy-curl');
    const curl = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(curl).toContain(`curl '${backend.baseUrl}/chat/completions'`);
    expect(curl).toContain('Bearer $OPENAI_API_KEY');
    expect(curl).toContain('"model":"backend-model"');

    // 6. The failed exchange shows the backend's own error, its key redacted.
    await failedRow.click();
    await page.locator(`#detail[data-id="${failedId}"]`).waitFor();
    expect(await page.locator('#detail-error').textContent()).toBe(
      'Backend error (provider default, HTTP 400): Incorrect API key provided: [redacted]',
    );
    const failedAnswer = await expandAll(page, '#pane-backend-answer');
    expect(failedAnswer).toContain('UPSTREAM_STATUS 400');
    expect(failedAnswer).toContain('"Incorrect API key provided: [redacted]"');
    expect(await expandAll(page, '#pane-client-answer')).toContain('"invalid_request_error"');
    await page.screenshot({ path: `${SCREENSHOTS}inspector-failed-exchange.png`, fullPage: true });

    // 7. Filters and the body search narrow the table.
    await page.selectOption('#filter-status', 'error');
    expect(await page.locator('#exchange-rows tr').count()).toBe(1);
    await page.selectOption('#filter-status', '');
    await page.fill('#search', 'Please read src/cli');
    await expect.poll(() => page.locator('#exchange-rows tr').count()).toBe(1);
    expect(await page.locator('#exchange-rows tr').getAttribute('data-id')).toBe(streamedId);
    await page.fill('#search', '');
    await expect.poll(() => page.locator('#exchange-rows tr').count()).toBe(2);

    // 8. Replay sends the recorded request through the proxy again; it shows up as a new row.
    backend.enqueue(sse(buildChunkStream([{ text: 'Replayed.' }])));
    await streamedRow.click();
    await page.locator(`#detail[data-id="${streamedId}"]`).waitFor();
    await page.click('#replay');
    // The new row shows as soon as the replayed request is in; the toast once its answer is.
    await expect.poll(() => page.locator('#exchange-rows tr').count()).toBe(3);
    await expect.poll(() => page.locator('#toast').textContent()).toMatch(/^Replayed: HTTP 200/);
    expect(backend.requests.at(-1)?.body).toMatchObject({ model: 'backend-model', stream: true });

    // 9. No key anywhere the page can reach.
    const everything = await page.content();
    expect(everything).not.toContain(BACKEND_KEY);
    expect(everything.split(PROXY_KEY).length - 1).toBe(0);
    expect(pageErrors).toEqual([]);
    await browserContext.close();
  });

  it('names the virtual key of each exchange with the team gateway, sums usage by key and filters by it', async (context) => {
    if (!browser) return context.skip(skipReason);
    const keyBackend = await startScriptedBackend();
    const gateway = await startGatewayProxy({ backendUrl: keyBackend.baseUrl });
    try {
      const create = async (name: string) =>
        (await admin(gateway.url, 'POST', '/admin/keys', { name })).body as { id: string; key: string };
      const alice = await create('alice');
      const bob = await create('bob');
      const send = async (key: string) => {
        keyBackend.enqueue(completion({ content: 'ok' }));
        const response = await fetch(`${gateway.url}/v1/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': key },
          body: JSON.stringify({
            model: 'claude-sonnet-4-5',
            max_tokens: 50,
            messages: [{ role: 'user', content: 'hi' }],
          }),
        });
        await response.text();
        expect(response.status).toBe(200);
        return response.headers.get('request-id')!;
      };
      const aliceIds = [await send(alice.key), await send(alice.key)];
      const bobId = await send(bob.key);
      const keylessId = await send(STATIC_KEY);

      const browserContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await browserContext.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      // The page loads without a key under the gateway too; a static key opens its data.
      await page.goto(`${gateway.url}/ui`);
      await page.locator('#key-dialog').waitFor({ state: 'visible' });
      await page.fill('#key-input', STATIC_KEY);
      await page.click('#key-form button[type=submit]');
      await page.locator('#feed-state[data-state="live"]').waitFor();
      await expect.poll(() => page.locator('#exchange-rows tr').count()).toBe(4);

      // The key column names each exchange's key; a static key's request has none.
      expect(await page.locator('th.key').isVisible()).toBe(true);
      const keyOf = (id: string) => page.locator(`tr[data-id="${id}"] td.key`).textContent();
      expect(await keyOf(aliceIds[0]!)).toBe('alice');
      expect(await keyOf(aliceIds[1]!)).toBe('alice');
      expect(await keyOf(bobId)).toBe('bob');
      expect(await keyOf(keylessId)).toBe('–');

      // Usage by key: requests, input / output tokens and cost at the configured prices.
      await page.locator('#usage-by-key-stat').waitFor({ state: 'visible' });
      const usage = await page.locator('#usage-by-key li').allTextContents();
      expect(usage).toEqual([
        'alice2 · 20 / 10 · $0.00012',
        'bob1 · 10 / 5 · $0.000060',
        'no virtual key1 · 10 / 5 · $0.000060',
      ]);

      // The filter keeps one key's exchanges, or those made without one.
      expect(await page.locator('#filter-key option').allTextContents()).toEqual([
        'all',
        'alice',
        'bob',
        '(no virtual key)',
      ]);
      await page.selectOption('#filter-key', alice.id);
      await expect.poll(() => page.locator('#exchange-rows tr').count()).toBe(2);
      const shown = await page
        .locator('#exchange-rows tr')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id')));
      expect(shown.sort()).toEqual([...aliceIds].sort());
      await page.selectOption('#filter-key', 'none');
      await expect.poll(() => page.locator('#exchange-rows tr').count()).toBe(1);
      expect(await page.locator('#exchange-rows tr').getAttribute('data-id')).toBe(keylessId);
      await page.selectOption('#filter-key', '');
      await expect.poll(() => page.locator('#exchange-rows tr').count()).toBe(4);
      await page.screenshot({ path: `${SCREENSHOTS}inspector-keys.png` });

      // No secret of any key reaches the page.
      const everything = await page.content();
      for (const secret of [alice.key, bob.key]) expect(everything).not.toContain(secret);
      expect(pageErrors).toEqual([]);
      await browserContext.close();
    } finally {
      await gateway.close();
      await keyBackend.close();
    }
  });
});
