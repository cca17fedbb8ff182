import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPng } from '../helpers/build-image.js';
import { messagesBody, postMessages } from '../helpers/post-messages.js';
import { completion } from '../helpers/scripted-backend.js';
import { useProxyAndBackend } from '../helpers/use-proxy-and-backend.js';

const png = Buffer.from(buildPng(2, 2), 'base64');

/** A real image host: one PNG, a redirect to it, a missing file and an HTML page. */
async function startImageHost(): Promise<{ url: string; server: Server; hits: () => number }> {
  let hits = 0;
  const server = createServer((request, response) => {
    hits++;
    switch (request.url) {
      case '/cat.png':
        response.writeHead(200, { 'content-type': 'image/png; charset=binary' });
        response.end(png);
        return;
      case '/moved':
        response.writeHead(302, { location: '/cat.png' });
        response.end();
        return;
      case '/page':
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('<html></html>');
        return;
      default:
        response.writeHead(404);
        response.end();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, hits: () => hits };
}

function imageRequest(url: string, where: 'message' | 'tool_result' = 'message') {
  const image = { type: 'image', source: { type: 'url', url } };
  if (where === 'message') {
    return messagesBody({
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Describe it' }, image] }],
    });
  }
  return messagesBody({
    messages: [
      { role: 'user', content: 'Take a screenshot' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Screenshot', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [image] }] },
    ],
  });
}

function imageUrlsSent(body: unknown): string[] {
  const urls: string[] = [];
  for (const message of (body as { messages: { content: unknown }[] }).messages) {
    if (!Array.isArray(message.content)) continue;
    for (const part of message.content as { type: string; image_url?: { url: string } }[])
      if (part.type === 'image_url' && part.image_url) urls.push(part.image_url.url);
  }
  return urls;
}

describe('images by URL for backends that take inline images only', () => {
  let imageHost: Awaited<ReturnType<typeof startImageHost>>;
  const harness = useProxyAndBackend();

  beforeAll(async () => {
    imageHost = await startImageHost();
  });
  afterAll(() => imageHost.server.close());

  it('downloads the image and sends it to Ollama as a data URL', async () => {
    const { backend, proxy } = await harness.start({ OPENAI_PROVIDER: 'ollama' });
    backend.enqueue(completion({ content: 'A black square.' }));
    const response = await postMessages(proxy.url, imageRequest(`${imageHost.url}/cat.png`));
    expect(response.status).toBe(200);
    expect(imageUrlsSent(backend.requests[0]!.body)).toEqual([
      `data:image/png;base64,${png.toString('base64')}`,
    ]);
  });

  it('follows redirects and inlines images inside tool results too', async () => {
    const { backend, proxy } = await harness.start({ OPENAI_PROVIDER: 'gemini' });
    backend.enqueue(completion({ content: 'Done.' }));
    const response = await postMessages(proxy.url, imageRequest(`${imageHost.url}/moved`, 'tool_result'));
    expect(response.status).toBe(200);
    expect(imageUrlsSent(backend.requests[0]!.body)).toEqual([
      `data:image/png;base64,${png.toString('base64')}`,
    ]);
  });

  it.each([
    ['/missing', 'HTTP 404'],
    ['/page', 'the server sent text/html, not an image'],
  ])(
    'answers 400 naming the URL when %s cannot be used, without calling the backend',
    async (path, reason) => {
      const { backend, proxy } = await harness.start({ OPENAI_PROVIDER: 'ollama' });
      const response = await postMessages(proxy.url, imageRequest(`${imageHost.url}${path}`));
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        type: 'error',
        error: {
          type: 'invalid_request_error',
          message: `Could not download the image at ${imageHost.url}${path}: ${reason}`,
        },
      });
      expect(backend.requests).toHaveLength(0);
    },
  );

  it('refuses more than 20 images by URL in one request, without downloading any', async () => {
    const { backend, proxy } = await harness.start({ OPENAI_PROVIDER: 'ollama' });
    const hitsBefore = imageHost.hits();
    const images = Array.from({ length: 21 }, (_, index) => ({
      type: 'image',
      source: { type: 'url', url: `${imageHost.url}/cat.png?${index}` },
    }));
    const response = await postMessages(
      proxy.url,
      messagesBody({ messages: [{ role: 'user', content: images }] }),
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      'gives 21 images by URL',
    );
    expect(backend.requests).toHaveLength(0);
    expect(imageHost.hits()).toBe(hitsBefore);
  });

  it('refuses URLs that are not http or https', async () => {
    const { proxy } = await harness.start({ OPENAI_PROVIDER: 'ollama' });
    const response = await postMessages(proxy.url, imageRequest('file:///etc/passwd'));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      'only http and https URLs can be fetched',
    );
  });

  it('passes the URL through unchanged to backends that fetch images themselves', async () => {
    const { backend, proxy } = await harness.start({ OPENAI_PROVIDER: 'openai' });
    backend.enqueue(completion({ content: 'A cat.' }));
    const response = await postMessages(proxy.url, imageRequest(`${imageHost.url}/missing`));
    expect(response.status).toBe(200);
    expect(imageUrlsSent(backend.requests[0]!.body)).toEqual([`${imageHost.url}/missing`]);
  });
});
