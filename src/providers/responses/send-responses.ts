import { InvalidRequestError } from '../../errors.js';
import { convertResponsesRequest } from '../../translate/convert-responses-request.js';
import { answerContextFor } from '../../translate/create-stream-translator.js';
import { REPORT_CHARS_PER_TOKEN } from '../../translate/estimate-input-tokens.js';
import { estimateResponsesInputTokens } from '../../translate/estimate-responses-input-tokens.js';
import { encodeBody } from '../../translate/known-json.js';
import { mapTransportError, type UpstreamResponse } from '../../upstream/create-upstream-client.js';
import { inlineImageUrls } from '../../upstream/inline-image-urls.js';
import { responsesPath } from '../endpoint-path.js';
import type { Provider } from '../provider.js';
import type { ProviderAnswer, ProviderCall } from '../provider-answer.js';
import { describeBackend, readUntilFirstEvent } from '../read-until-first-event.js';
import { recordReceivedChunks } from '../record-received-chunks.js';
import { convertCompleteResponsesAnswer } from './convert-complete-answer.js';
import { createResponsesStreamConverter } from './create-stream-converter.js';

/**
 * One attempt at a Responses API provider: the request translated (with `store: false`,
 * reasoning carried in the client's thinking signatures), POSTed to `{base_url}/responses`,
 * and the answer read up to the commit point, the backend's first stream event.
 */
export async function sendResponses(provider: Provider, call: ProviderCall): Promise<ProviderAnswer> {
  const { dialect, upstream } = provider;
  const reasoningOrigin = `${provider.name}/${call.model}`;
  const request =
    dialect.images === 'data-only'
      ? await inlineImageUrls(call.request, {
          timeoutMs: provider.config.timeouts.firstByteMs,
          signal: call.signal,
        })
      : call.request;
  const { body, warnings, toolNames, thinking } = convertResponsesRequest(request, {
    model: call.model,
    dialect,
    stream: call.stream,
    maxOutputTokens: call.maxOutputTokens,
    reasoningOrigin,
  });
  // As for Chat Completions: nothing left to send earns a clear 400, not a backend-specific error.
  if (body.input.length === 0)
    throw new InvalidRequestError(
      'messages: every message is empty once translated; send at least one message with non-empty content',
    );
  const answerContext = answerContextFor(call.answerContext, {
    thinkTags: call.answerContext.thinkTags,
    reasoningOrigin,
    toolNames,
    omitThinkingText: thinking.kind === 'on' && thinking.omitText,
    estimatedInputTokens: call.stream
      ? estimateResponsesInputTokens(body, REPORT_CHARS_PER_TOKEN)
      : undefined,
  });
  if (warnings.length > 0) call.debug?.({ warnings }, 'translation warnings');
  call.debug?.({ provider: provider.name, upstreamRequest: body }, 'upstream request');

  // The tool list, when reused from an earlier turn, is written from its kept JSON.
  const payload = encodeBody(body);
  call.inspect?.sent(payload, body.tools);
  const response = await upstream.post(responsesPath(provider.config.backend), payload, call.signal);
  if (!call.stream || isJson(response)) {
    let text: string;
    try {
      text = await response.body.text();
    } catch (cause) {
      throw mapTransportError(cause, describeBackend(provider));
    }
    call.inspect?.answered(text);
    call.debug?.({ provider: provider.name, upstreamResponse: text }, 'upstream response');
    return { kind: 'message', message: convertCompleteResponsesAnswer(text, answerContext, provider.name) };
  }
  const converter = createResponsesStreamConverter(answerContext, { provider: provider.name });
  const received = response.body[Symbol.asyncIterator]();
  const rest = call.inspect ? recordReceivedChunks(received, call.inspect) : received;
  const firstEvents = await readUntilFirstEvent(provider, converter, rest);
  return { kind: 'stream', firstEvents, converter, rest };
}

function isJson(response: UpstreamResponse): boolean {
  const type = response.headers['content-type'];
  return typeof type === 'string' && type.includes('json');
}
