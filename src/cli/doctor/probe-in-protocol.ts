import { ProxyError } from '../../errors.js';
import { createProvider, type Provider } from '../../providers/provider.js';
import type { ProviderAnswer, ProviderCall } from '../../providers/provider-answer.js';
import { sendToProvider } from '../../providers/send-to-provider.js';
import type { AnthropicStreamEvent } from '../../translate/create-stream-translator.js';
import { anthropicRequestSchema } from '../../wire/anthropic-request-schema.js';
import type { AnthropicMessage } from '../../wire/anthropic-response.js';
import type { DoctorContext } from './create-doctor-context.js';
import type { ProbeOutcome } from './doctor-report.js';
import { preview } from './note-reasoning.js';
import { PLAIN_PROMPT } from './probe-plain-completion.js';

/**
 * The doctor's probes for a provider that does not speak Chat Completions: each sends a
 * small Messages request through the proxy's own attempt for the provider's protocol
 * (sendToProvider), so what is probed is exactly what the proxy would send and read.
 */
export function createProtocolProber(context: DoctorContext): {
  plain(model: string): Promise<ProbeOutcome>;
  streamed(model: string): Promise<ProbeOutcome>;
  forcedToolCall(model: string): Promise<ProbeOutcome>;
} {
  const { connectMs } = context.provider.timeouts;
  // One provider (and pool) per probe, closed when the probe is done.
  const createProbedProvider = (): Provider =>
    createProvider(
      {
        ...context.provider,
        timeouts: {
          connectMs: Math.min(connectMs, context.probeTimeoutMs),
          firstByteMs: context.probeTimeoutMs,
          idleMs: context.probeTimeoutMs,
        },
      },
      context.config.cooldown,
    );

  const send = async (
    provider: Provider,
    model: string,
    body: Record<string, unknown>,
    stream: boolean,
  ): Promise<ProviderAnswer> => {
    const clientBody = { model, max_tokens: 256, ...body, ...(stream ? { stream: true } : {}) };
    const call: ProviderCall = {
      request: anthropicRequestSchema.parse(clientBody),
      clientBody,
      clientHeaders: {},
      model,
      stream,
      answerContext: { messageId: 'msg_doctor', model, createToolId: () => 'toolu_doctor' },
      clientKeys: [],
      thinkTags: undefined,
      maxOutputTokens: undefined,
      signal: AbortSignal.any([context.runSignal, AbortSignal.timeout(context.probeTimeoutMs)]),
    };
    return sendToProvider(provider, call);
  };

  const guard = async (probe: (provider: Provider) => Promise<ProbeOutcome>): Promise<ProbeOutcome> => {
    const provider = createProbedProvider();
    try {
      return await probe(provider);
    } catch (error) {
      if (!(error instanceof ProxyError)) throw error;
      return {
        status: 'failed',
        detail: `the ${provider.protocol} request failed`,
        backendError: error.message,
      };
    } finally {
      await provider.upstream.close().catch(() => undefined);
    }
  };

  return {
    plain: (model) =>
      guard(async (provider) => {
        const answer = await send(
          provider,
          model,
          { messages: [{ role: 'user', content: PLAIN_PROMPT }] },
          false,
        );
        const message = await readMessage(answer);
        const text = textOf(message);
        if (text.trim().length === 0) return { status: 'failed', detail: 'the answer has no text' };
        return { status: 'ok', detail: `answered ${preview(text)}` };
      }),
    streamed: (model) =>
      guard(async (provider) => {
        const answer = await send(
          provider,
          model,
          { messages: [{ role: 'user', content: PLAIN_PROMPT }] },
          true,
        );
        if (answer.kind !== 'stream')
          return { status: 'failed', detail: 'asked to stream, the backend answered whole' };
        const events = await readStream(answer);
        const last = events.at(-1);
        if (last?.type === 'error')
          return {
            status: 'failed',
            detail: 'the stream ended with an error',
            backendError: last.error.message,
          };
        if (last?.type !== 'message_stop')
          return { status: 'failed', detail: 'the stream ended before message_stop' };
        const deltas = events.filter((event) => event.type === 'content_block_delta').length;
        return { status: 'ok', detail: `streamed ${deltas} delta${deltas === 1 ? '' : 's'} to message_stop` };
      }),
    forcedToolCall: (model) =>
      guard(async (provider) => {
        const answer = await send(
          provider,
          model,
          {
            messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
            tools: [
              {
                name: 'get_weather',
                description: 'Current weather for a city',
                input_schema: {
                  type: 'object',
                  properties: { city: { type: 'string' } },
                  required: ['city'],
                },
              },
            ],
            tool_choice: { type: 'tool', name: 'get_weather' },
          },
          false,
        );
        const message = await readMessage(answer);
        const call = message.content.find((block) => block.type === 'tool_use');
        if (!call)
          return { status: 'failed', detail: `no tool call; stop_reason ${String(message.stop_reason)}` };
        return { status: 'ok', detail: `called ${call.name} with ${preview(JSON.stringify(call.input))}` };
      }),
  };
}

async function readMessage(answer: ProviderAnswer): Promise<AnthropicMessage> {
  if (answer.kind === 'message') return answer.message;
  // A backend that streamed anyway: read it to the end and keep the text and tool calls.
  const events = await readStream(answer);
  const content: AnthropicMessage['content'] = [];
  for (const event of events) {
    if (event.type === 'content_block_start') content.push({ ...event.content_block });
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
      const block = content[event.index];
      if (block?.type === 'text') block.text += event.delta.text;
    }
  }
  return {
    id: 'msg_doctor',
    type: 'message',
    role: 'assistant',
    model: '',
    content,
    stop_reason: null,
    stop_sequence: null,
    stop_details: null,
    usage: {
      input_tokens: 0,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
      output_tokens: 0,
      service_tier: 'standard',
    },
  };
}

async function readStream(
  answer: Extract<ProviderAnswer, { kind: 'stream' }>,
): Promise<AnthropicStreamEvent[]> {
  const events = [...answer.firstEvents];
  while (!answer.converter.finished) {
    const next = await answer.rest.next();
    if (next.done) {
      events.push(...answer.converter.end());
      break;
    }
    events.push(...answer.converter.push(next.value));
  }
  await answer.rest.return?.();
  return events;
}

function textOf(message: AnthropicMessage): string {
  return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}
