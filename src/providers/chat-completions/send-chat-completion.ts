import { assertSendable } from '../../server/limits/assert-sendable.js';
import { collectTurnReasoning, type ToolCallIdentity } from '../../translate/collect-turn-reasoning.js';
import { convertAnthropicRequest } from '../../translate/convert-anthropic-request.js';
import { answerContextFor } from '../../translate/create-stream-translator.js';
import { estimateInputTokens, REPORT_CHARS_PER_TOKEN } from '../../translate/estimate-input-tokens.js';
import { encodeBody } from '../../translate/known-json.js';
import { mapTransportError, type UpstreamResponse } from '../../upstream/create-upstream-client.js';
import { inlineImageUrls } from '../../upstream/inline-image-urls.js';
import type { Provider } from '../provider.js';
import type { ProviderAnswer, ProviderCall } from '../provider-answer.js';
import { describeBackend, readUntilFirstEvent } from '../read-until-first-event.js';
import { recordReceivedChunks } from '../record-received-chunks.js';
import { convertCompleteAnswer } from './convert-complete-answer.js';
import { createStreamConverter } from './create-stream-converter.js';
import { rememberStreamedReasoning } from './remember-streamed-reasoning.js';

/**
 * One attempt at a Chat Completions provider: the request shaped by the provider's dialect,
 * the backend called, and its answer read up to the commit point. A stream is committed at
 * the backend's first SSE event; a failure before it (a refused connection, a stream cut
 * before anything came, an error as the first event) is thrown, so the dispatcher may try
 * again or elsewhere without the client ever seeing it.
 */
export async function sendChatCompletion(provider: Provider, call: ProviderCall): Promise<ProviderAnswer> {
  const { dialect, upstream } = provider;
  // Reasoning is replayed only to the provider and model that produced it.
  const reasoningOrigin = `${provider.name}/${call.model}`;
  const memoryScope = [...call.clientKeys, reasoningOrigin];
  // Shared with other instances (REDIS_URL): fetch what an earlier turn answered elsewhere left.
  if (provider.reasoningMemory?.shared) {
    await provider.reasoningMemory.prefetch(memoryScope, firstToolCalls(call.request));
  }
  const reasoningMemory = provider.reasoningMemory?.forClient(memoryScope);
  const request =
    dialect.images === 'data-only'
      ? await inlineImageUrls(call.request, {
          timeoutMs: provider.config.timeouts.firstByteMs,
          signal: call.signal,
        })
      : call.request;
  const { body, warnings, toolNames, thinking } = convertAnthropicRequest(request, {
    model: call.model,
    dialect,
    stream: call.stream,
    maxOutputTokens: call.maxOutputTokens,
    modelFacts: call.modelFacts,
    recallReasoning: reasoningMemory?.recall,
    reasoningOrigin,
  });
  assertSendable(body);
  const answerContext = answerContextFor(call.answerContext, {
    thinkTags: call.thinkTags ?? dialect.thinkTags,
    reasoningOrigin,
    toolNames,
    omitThinkingText: thinking.kind === 'on' && thinking.omitText,
    // message_start must carry an input count (LangChain.js reads it nowhere else); the backend's
    // exact count follows in message_delta. One pass over the text, no tokenizer on the hot path.
    estimatedInputTokens: call.stream ? estimateInputTokens(body, REPORT_CHARS_PER_TOKEN) : undefined,
  });
  if (warnings.length > 0) call.debug?.({ warnings }, 'translation warnings');
  call.debug?.({ provider: provider.name, upstreamRequest: body }, 'upstream request');

  // The tool list, when reused from an earlier turn, is written from its kept JSON.
  const payload = encodeBody(body);
  call.inspect?.sent(payload, body.tools);
  const response = await upstream.postChatCompletions(payload, call.signal);
  if (!call.stream || isJson(response)) {
    const text = await readText(provider, response);
    call.inspect?.answered(text);
    call.debug?.({ provider: provider.name, upstreamResponse: text }, 'upstream response');
    const message = convertCompleteAnswer(text, answerContext, provider.name);
    reasoningMemory?.remember(collectTurnReasoning(message.content));
    return { kind: 'message', message };
  }
  const converter = rememberStreamedReasoning(
    createStreamConverter(answerContext, { provider: provider.name }),
    reasoningMemory,
  );
  const received = response.body[Symbol.asyncIterator]();
  const rest = call.inspect ? recordReceivedChunks(received, call.inspect) : received;
  const firstEvents = await readUntilFirstEvent(provider, converter, rest);
  return { kind: 'stream', firstEvents, converter, rest };
}

async function readText(provider: Provider, response: UpstreamResponse): Promise<string> {
  try {
    return await response.body.text();
  } catch (cause) {
    throw mapTransportError(cause, describeBackend(provider));
  }
}

/** The first tool call of each assistant turn, as the memory is keyed (see convert-assistant-message). */
function firstToolCalls(request: ProviderCall['request']): ToolCallIdentity[] {
  const calls: ToolCallIdentity[] = [];
  for (const message of request.messages) {
    if (message.role !== 'assistant' || typeof message.content === 'string') continue;
    const block = message.content.find((candidate) => candidate.type === 'tool_use');
    if (block?.type === 'tool_use') {
      calls.push({ id: block.id, name: block.name, inputJson: JSON.stringify(block.input ?? {}) });
    }
  }
  return calls;
}

function isJson(response: UpstreamResponse): boolean {
  const type = response.headers['content-type'];
  return typeof type === 'string' && type.includes('json');
}
