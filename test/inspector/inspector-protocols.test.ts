import { afterEach, describe, expect, it } from 'vitest';
import type { ExchangeRecord, ExchangeSummary } from '../helpers/inspector-feed.js';
import { getInspectorJson } from '../helpers/inspector-feed.js';
import { readTextFixture } from '../helpers/load-fixture.js';
import { messagesBody, postMessages } from '../helpers/post-messages.js';
import { type ScriptedBackend, sse, startScriptedBackend } from '../helpers/scripted-backend.js';
import { chain, startGateway, type TestGateway } from '../helpers/start-gateway.js';

const started: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const item of started.splice(0).reverse()) await item.close();
});

async function gatewayWith(
  protocol: 'responses' | 'anthropic',
): Promise<{ backend: ScriptedBackend; proxy: TestGateway }> {
  const backend = await startScriptedBackend();
  started.push(backend);
  const proxy = await startGateway({
    providers: { upstream: { url: backend.baseUrl, protocol } },
    routes: { default: chain('upstream/the-model') },
  });
  started.push(proxy);
  return { backend, proxy };
}

async function onlyRecord(proxy: TestGateway): Promise<ExchangeRecord> {
  const list = await getInspectorJson<{ exchanges: ExchangeSummary[] }>(proxy.url, '/ui/api/exchanges', {});
  const [summary] = list.body.exchanges;
  return (await getInspectorJson<ExchangeRecord>(proxy.url, `/ui/api/exchanges/${summary!.id}`, {})).body;
}

describe('the inspector with the other protocols', () => {
  it('shows a Responses attempt: its endpoint, the exact body sent and the raw events received', async () => {
    const { backend, proxy } = await gatewayWith('responses');
    backend.enqueue(sse(readTextFixture('responses/text-with-cached-input.responses.sse')));
    const response = await postMessages(proxy.url, messagesBody({ stream: true }));
    await response.text();
    const [attempt] = (await onlyRecord(proxy)).attemptDetails;
    expect(attempt).toMatchObject({
      provider: 'upstream',
      url: `${backend.baseUrl}/responses`,
      outcome: 'ok',
    });
    expect(attempt!.request!.text).toBe(backend.requests[0]!.rawBody);
    expect(attempt!.frames!.frames.map((frame) => frame.text).join('')).toContain('response.completed');
  });

  it('shows an Anthropic-compatible attempt, with a curl that sends the key as x-api-key', async () => {
    const { backend, proxy } = await gatewayWith('anthropic');
    backend.enqueue(
      sse(
        [
          'event: message_start',
          'data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"the-model","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":1}}}',
          '',
          'event: content_block_start',
          'data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}',
          '',
          'event: content_block_delta',
          'data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hi"}}',
          '',
          'event: content_block_stop',
          'data: {"type":"content_block_stop","index":0}',
          '',
          'event: message_delta',
          'data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":2}}',
          '',
          'event: message_stop',
          'data: {"type":"message_stop"}',
          '',
          '',
        ].join('\n'),
      ),
    );
    const response = await postMessages(proxy.url, messagesBody({ stream: true }));
    await response.text();
    const [attempt] = (await onlyRecord(proxy)).attemptDetails;
    expect(attempt).toMatchObject({
      url: `${backend.baseUrl.replace(/\/v1$/, '')}/v1/messages`,
      outcome: 'ok',
    });
    expect(attempt!.request!.text).toBe(backend.requests[0]!.rawBody);
    expect(attempt!.curl).toContain('x-api-key: $OPENAI_API_KEY');
    expect(attempt!.frames!.frames.map((frame) => frame.text).join('')).toContain('"text_delta"');
  });
});
