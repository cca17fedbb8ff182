import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAnthropicSse } from '../helpers/parse-anthropic-sse.js';
import { messagesBody } from '../helpers/post-messages.js';
import { type ScriptedBackend, startScriptedBackend } from '../helpers/scripted-backend.js';
import { spawnCli } from '../helpers/spawn-cli.js';

let backend: ScriptedBackend;
beforeAll(async () => {
  backend = await startScriptedBackend();
});
afterAll(() => backend.close());

describe('infiniproxy (serve) on SIGTERM', () => {
  it('ends an open stream with an error event after SHUTDOWN_GRACE_SECONDS and exits 0', async () => {
    // The backend starts an answer and never finishes it.
    backend.enqueue((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'Once' } }] })}\n\n`);
    });
    const run = spawnCli([], {
      env: {
        PATH: process.env.PATH ?? '',
        PROXY_PORT: '0',
        OPENAI_BASE_URL: backend.baseUrl,
        // A chosen dialect: no start-up probe takes the one answer this backend has queued.
        OPENAI_PROVIDER: 'generic',
        OPENAI_MODEL: 'backend-model',
        SHUTDOWN_GRACE_SECONDS: '0.2',
      },
      cwd: mkdtempSync(join(tmpdir(), 'infiniproxy-shutdown-')),
    });
    try {
      let url: string | undefined;
      while (!url) {
        url = /listening on (http:\/\/\S+)/.exec(run.stdout())?.[1];
        if (!url) await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const response = await fetch(`${url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(messagesBody({ stream: true })),
      });
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      while (!text.includes('content_block_delta')) text += decoder.decode((await reader.read()).value);

      run.child.kill('SIGTERM');
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      expect(parseAnthropicSse(text).at(-1)?.data).toMatchObject({
        type: 'error',
        error: { type: 'overloaded_error', message: expect.stringContaining('shutting down') },
      });
      expect(await run.exited).toBe(0);
      expect(run.stdout()).toContain('shutting down');
    } finally {
      run.child.kill('SIGKILL');
    }
  });
});
