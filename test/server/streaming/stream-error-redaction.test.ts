import { describe, expect, it } from 'vitest';
import { parseAnthropicSse } from '../../helpers/parse-anthropic-sse.js';
import { sse } from '../../helpers/scripted-backend.js';
import { useProxyAndBackend } from '../../helpers/use-proxy-and-backend.js';

const BACKEND_KEY = 'sk-backend-secret-4412';
const PROXY_KEY = 'proxy-secret-8819';
const harness = useProxyAndBackend();

describe('secrets in stream error events', () => {
  it('removes the backend key and the proxy keys from a mid-stream error the backend words with them', async () => {
    const { backend, proxy } = await harness.start({ OPENAI_API_KEY: BACKEND_KEY, PROXY_API_KEY: PROXY_KEY });
    const start = { choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' } }] };
    const error = {
      error: { message: `upstream rejected ${BACKEND_KEY} (client said ${PROXY_KEY})`, code: 500 },
    };
    backend.enqueue(sse(`data: ${JSON.stringify(start)}\n\ndata: ${JSON.stringify(error)}\n\n`));
    const response = await fetch(`${proxy.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': PROXY_KEY },
      body: JSON.stringify({
        model: 'claude-fixture',
        max_tokens: 50,
        stream: true,
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    });
    const text = await response.text();
    const errorFrame = parseAnthropicSse(text).find((frame) => frame.event === 'error');
    expect(JSON.stringify(errorFrame?.data)).toContain('[redacted]');
    expect(text).not.toContain(BACKEND_KEY);
    expect(text).not.toContain(PROXY_KEY);
  });
});
