import { describe, expect, it } from 'vitest';
import { messagesBody, postMessages } from '../../helpers/post-messages.js';
import { useSharedProxyAndBackend } from '../../helpers/use-proxy-and-backend.js';

const shared = useSharedProxyAndBackend();

describe('hostile model names and URLs', () => {
  it.each(['/%zz', '/v1/messages/%'])(
    'answers a malformed URL %s with an Anthropic-shaped 400',
    async (path) => {
      const response = await fetch(`${shared.proxy.url}${path}`);
      expect(response.status).toBe(400);
      expect(response.headers.get('request-id')).toMatch(/^req_/);
      expect(await response.json()).toMatchObject({
        type: 'error',
        error: { type: 'invalid_request_error', message: expect.stringContaining('not a valid url') },
        request_id: expect.stringMatching(/^req_/),
      });
    },
  );

  it('refuses a model name longer than 256 characters, naming the field', async () => {
    const response = await postMessages(shared.proxy.url, messagesBody({ model: 'm'.repeat(257) }));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: {
        type: 'invalid_request_error',
        message: expect.stringContaining('model: must be at most 256 characters'),
      },
    });
    expect(shared.backend.requests).toHaveLength(0);
  });

  it('cuts a long model name to 128 characters in metric labels', async () => {
    const model = `${'a'.repeat(128)}${'b'.repeat(100)}`;
    // max_tokens 0 is answered without the backend, but still counted under its model.
    expect((await postMessages(shared.proxy.url, messagesBody({ model, max_tokens: 0 }))).status).toBe(200);
    const metrics = await (await fetch(`${shared.proxy.url}/metrics`)).text();
    expect(metrics).toContain(`model="${'a'.repeat(128)}"`);
    expect(metrics).not.toContain('b'.repeat(10));
  });
});
