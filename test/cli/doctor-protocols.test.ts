import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerEveryRequest } from '../helpers/answer-every-request.js';
import { readTextFixture } from '../helpers/load-fixture.js';
import { probeOf, readReport, runDoctorInProcess } from '../helpers/run-doctor-in-process.js';
import {
  json,
  type RecordedRequest,
  type Reply,
  type ScriptedBackend,
  sse,
  startScriptedBackend,
} from '../helpers/scripted-backend.js';

let backend: ScriptedBackend;
beforeEach(async () => {
  backend = await startScriptedBackend();
});
afterEach(async () => {
  await backend.close();
});

/** A Responses backend: text for plain requests, a function call when one is forced. */
function responsesBackend(request: RecordedRequest): Reply {
  if (request.url !== '/v1/responses') return json(404, { error: { message: 'not found' } });
  const body = request.body as { stream?: boolean; tool_choice?: unknown };
  if (body.tool_choice)
    return json(200, {
      status: 'completed',
      output: [
        { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      ],
    });
  if (body.stream) return sse(readTextFixture('responses/text-with-cached-input.responses.sse'));
  return json(200, {
    status: 'completed',
    output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'ready' }] }],
  });
}

/** An Anthropic-compatible backend answering the same three probes. */
function anthropicBackend(request: RecordedRequest): Reply {
  if (request.url !== '/anthropic/v1/messages')
    return json(404, { type: 'error', error: { type: 'not_found_error', message: 'no' } });
  const body = request.body as { stream?: boolean; tool_choice?: unknown };
  const message = (content: unknown[], stop: string) => ({
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'm',
    content,
    stop_reason: stop,
    stop_sequence: null,
    usage: { input_tokens: 5, output_tokens: 2 },
  });
  if (body.tool_choice)
    return json(
      200,
      message(
        [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }],
        'tool_use',
      ),
    );
  if (body.stream) return sse(readTextFixture('anthropic-compatible/text-with-comment.messages.sse'));
  return json(200, message([{ type: 'text', text: 'ready' }], 'end_turn'));
}

describe('infiniproxy doctor in a provider protocol', () => {
  it.each([
    ['responses', () => backend.baseUrl, responsesBackend],
    ['anthropic', () => backend.baseUrl.replace(/\/v1$/, '/anthropic'), anthropicBackend],
  ] as const)(
    'probes a %s provider in its own protocol and skips the Chat Completions probes',
    async (protocol, url, script) => {
      answerEveryRequest(backend, script);
      const run = await runDoctorInProcess(['--json'], {
        OPENAI_BASE_URL: url(),
        OPENAI_PROTOCOL: protocol,
        OPENAI_MODEL: 'backend-model',
      });
      const report = readReport(run);
      for (const id of [
        'plain-completion',
        'streamed-completion',
        'forced-tool-call',
        'proxy-text',
        'proxy-stream',
        'proxy-tool-call',
      ] as const)
        expect(probeOf(report, id).status, id).toBe('ok');
      expect(probeOf(report, 'forced-tool-call').detail).toContain('get_weather');
      for (const id of ['stream-usage', 'reasoning', 'output-cap'] as const) {
        expect(probeOf(report, id)).toMatchObject({
          status: 'skipped',
          detail: expect.stringContaining(`the ${protocol} protocol`),
        });
      }
      expect(backend.requests.some((request) => request.url.endsWith('/chat/completions'))).toBe(false);
      expect(report.probes.filter((result) => result.required && result.status !== 'ok')).toEqual([]);
      expect(run.code).toBe(0);
    },
  );

  it('reports the backend error of a responses provider whose key is refused', async () => {
    answerEveryRequest(backend, () =>
      json(401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } }),
    );
    const report = readReport(
      await runDoctorInProcess(['--json'], {
        OPENAI_BASE_URL: backend.baseUrl,
        OPENAI_PROTOCOL: 'responses',
        OPENAI_MODEL: 'm',
      }),
    );
    expect(probeOf(report, 'plain-completion')).toMatchObject({
      status: 'failed',
      backendError: expect.stringContaining('Incorrect API key provided'),
    });
  });
});
