import Anthropic from '@anthropic-ai/sdk';
import type { DoctorContext } from './create-doctor-context.js';
import type { ProbeOutcome } from './doctor-report.js';
import { preview } from './note-reasoning.js';
import { TOOL_PROMPT, WEATHER_TOOL, WEATHER_TOOL_NAME } from './probe-forced-tool-call.js';
import { PLAIN_PROMPT } from './probe-plain-completion.js';

/** The official Anthropic SDK pointed at the in-process proxy, as Claude Code would be, with that proxy's key. */
export function createProxyClient(proxy: { url: string; apiKey: string }, context: DoctorContext): Anthropic {
  return new Anthropic({
    baseURL: proxy.url,
    apiKey: proxy.apiKey,
    maxRetries: 0,
    timeout: context.probeTimeoutMs,
  });
}

function requestOptions(context: DoctorContext) {
  return { signal: context.runSignal, timeout: context.probeTimeoutMs };
}

export async function probeProxyText(
  client: Anthropic,
  context: DoctorContext,
  model: string,
): Promise<ProbeOutcome> {
  const message = await client.messages.create(
    { model, max_tokens: 256, messages: [{ role: 'user', content: PLAIN_PROMPT }] },
    requestOptions(context),
  );
  const text = message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
  if (text.trim().length === 0)
    return { status: 'failed', detail: `no text block (stop_reason ${message.stop_reason})` };
  return { status: 'ok', detail: `text block ${preview(text)}, stop_reason ${message.stop_reason}` };
}

export async function probeProxyStream(
  client: Anthropic,
  context: DoctorContext,
  model: string,
): Promise<ProbeOutcome> {
  const stream = client.messages.stream(
    { model, max_tokens: 256, messages: [{ role: 'user', content: PLAIN_PROMPT }] },
    requestOptions(context),
  );
  let deltas = 0;
  stream.on('text', () => {
    deltas++;
  });
  const message = await stream.finalMessage();
  const text = message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
  if (text.trim().length === 0)
    return { status: 'failed', detail: `no text streamed (stop_reason ${message.stop_reason})` };
  return {
    status: 'ok',
    detail: `${deltas} text delta${deltas === 1 ? '' : 's'}, stop_reason ${message.stop_reason}, ${message.usage.output_tokens} output tokens`,
  };
}

/** Streamed and forced, like Claude Code's agent loop: the answer must hold a tool_use block with a parsed input. */
export async function probeProxyToolCall(
  client: Anthropic,
  context: DoctorContext,
  model: string,
): Promise<ProbeOutcome> {
  const parameters = WEATHER_TOOL.function.parameters as Anthropic.Tool['input_schema'];
  const stream = client.messages.stream(
    {
      model,
      max_tokens: 512,
      messages: [{ role: 'user', content: TOOL_PROMPT }],
      tools: [
        { name: WEATHER_TOOL_NAME, description: 'Current weather for a city', input_schema: parameters },
      ],
      tool_choice: { type: 'tool', name: WEATHER_TOOL_NAME },
    },
    requestOptions(context),
  );
  const message = await stream.finalMessage();
  const call = message.content.find((block) => block.type === 'tool_use');
  if (!call) {
    const text = message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
    return {
      status: 'failed',
      detail: `no tool_use block; text ${preview(text)}, stop_reason ${message.stop_reason}`,
    };
  }
  return {
    status: 'ok',
    detail: `tool_use ${call.name}(${JSON.stringify(call.input)}), stop_reason ${message.stop_reason}`,
  };
}

/** An SDK error as a failed outcome, keeping the proxy's (translated) message. */
export function describeProxyError(error: unknown): ProbeOutcome | undefined {
  if (error instanceof Anthropic.APIConnectionTimeoutError) {
    return { status: 'failed', detail: 'no answer through the proxy in time' };
  }
  if (error instanceof Anthropic.APIConnectionError) {
    return { status: 'failed', detail: `could not talk to the proxy: ${error.message}` };
  }
  if (error instanceof Anthropic.APIError) {
    const message = error.apiMessage ?? error.message;
    if (error.status === undefined) {
      return { status: 'failed', detail: 'the proxy streamed an error event', backendError: message };
    }
    return {
      status: 'failed',
      detail: `the proxy answered HTTP ${error.status}${error.type ? ` ${error.type}` : ''}`,
      backendError: message,
    };
  }
  return undefined;
}
