import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { messagesBody, postMessages } from '../../helpers/post-messages.js';
import { useSharedProxyAndBackend } from '../../helpers/use-proxy-and-backend.js';
import { validateAnthropicStream } from '../../helpers/validate-anthropic-stream.js';

// A short interval stands in for the 10 s default so the test does not wait.
const shared = useSharedProxyAndBackend({}, { streamPingIntervalMs: 20 });

const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

describe('keep-alive pings', () => {
  it('sends ping events while the backend is silent and still ends the stream cleanly', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The backend thinks silently until the client has seen a ping, then answers.
    shared.backend.enqueue(async (_request, response: ServerResponse) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(chunk({ role: 'assistant', content: '' }));
      await released;
      response.end(`${chunk({ content: 'Thought it through.' })}${chunk({}, 'stop')}data: [DONE]\n\n`);
    });

    const response = await postMessages(shared.proxy.url, messagesBody({ stream: true }));
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (text.includes('event: ping\n')) release();
    }

    const events = validateAnthropicStream(text);
    const pingAt = events.findIndex((event) => event.type === 'ping');
    const textAt = events.findIndex((event) => event.type === 'content_block_start');
    expect(pingAt).toBeGreaterThan(0);
    expect(pingAt).toBeLessThan(textAt);
    expect(text).toContain('event: ping\ndata: {"type":"ping"}\n\n');
    expect(events.at(-1)?.type).toBe('message_stop');
  });
});
