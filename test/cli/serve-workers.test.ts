import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerEveryRequest } from '../helpers/answer-every-request.js';
import { parseAnthropicSse } from '../helpers/parse-anthropic-sse.js';
import { messagesBody } from '../helpers/post-messages.js';
import { json, type Reply, type ScriptedBackend, startScriptedBackend } from '../helpers/scripted-backend.js';
import { type CliRun, spawnCli } from '../helpers/spawn-cli.js';

const COMPLETION = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 0,
  model: 'backend-model',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
};

const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

const slowStream: Reply = async (_request, response) => {
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  response.write(chunk({ role: 'assistant', content: 'One' }));
  await new Promise((resolve) => setTimeout(resolve, 400));
  response.end(`${chunk({ content: ' two' })}${chunk({}, 'stop')}data: [DONE]\n\n`);
};

let backend: ScriptedBackend;
beforeAll(async () => {
  backend = await startScriptedBackend();
});
afterAll(() => backend.close());

function startWorkers(): CliRun {
  return spawnCli(['serve', '--workers', '2'], {
    env: {
      PATH: process.env.PATH ?? '',
      PROXY_HOST: '127.0.0.1',
      PROXY_PORT: '0',
      OPENAI_BASE_URL: backend.baseUrl,
      OPENAI_MODEL: 'backend-model',
    },
    cwd: mkdtempSync(join(tmpdir(), 'infiniproxy-workers-')),
  });
}

async function waitFor(run: CliRun, pattern: RegExp): Promise<RegExpExecArray> {
  for (;;) {
    const match = pattern.exec(run.stdout());
    if (match) return match;
    if (run.child.exitCode !== null) throw new Error(`exited early: ${run.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A request on a connection of its own, so that the cluster hands it to either worker. */
async function post(url: string, body: Record<string, unknown>) {
  const response = await request(`${url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    reset: true,
  });
  return { status: response.statusCode, text: await response.body.text() };
}

describe('infiniproxy serve --workers 2', () => {
  it('serves requests from two processes, sums their metrics, and drains both on SIGTERM', async () => {
    const run = startWorkers();
    try {
      const [, url] = await waitFor(run, /listening on (http:\/\/\S+)/);
      await waitFor(run, /workers: 2 processes/);
      expect(run.stdout().match(/listening on/g)).toHaveLength(1);

      // Streams answer slowly: one in flight when SIGTERM arrives shows the drain.
      answerEveryRequest(backend, (recorded) =>
        (recorded.body as { stream?: boolean }).stream === true ? slowStream : json(200, COMPLETION),
      );
      const requests = 12;
      for (let index = 0; index < requests; index++) {
        const answer = await post(url!, messagesBody());
        expect(answer.status).toBe(200);
        expect(JSON.parse(answer.text)).toMatchObject({ content: [{ type: 'text', text: 'Hello' }] });
      }

      // Every scrape, whichever worker answers it, reports the total over both.
      for (let scrape = 0; scrape < 4; scrape++) {
        const metrics = await request(`${url}/metrics`, { reset: true });
        const text = await metrics.body.text();
        const served = [
          ...text.matchAll(/^infiniproxy_requests_total\{[^}]*route="\/v1\/messages"[^}]*\} (\d+)$/gm),
        ];
        expect(served.reduce((sum, match) => sum + Number(match[1]), 0)).toBe(requests);
      }

      // A stream in flight when SIGTERM arrives finishes before its worker exits.
      const streamed = request(`${url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(messagesBody({ stream: true })),
      });
      const response = await streamed;
      const body = response.body.text();
      run.child.kill('SIGTERM');
      const frames = parseAnthropicSse(await body);
      expect(frames.at(-1)?.data.type).toBe('message_stop');
      expect(frames.filter((frame) => frame.data.type === 'content_block_delta')).toHaveLength(2);
      expect(frames.map((frame) => frame.data.type)).not.toContain('error');
      expect(await run.exited).toBe(0);
      expect(run.stdout()).toContain('shutting down');
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  }, 60_000);
});
