import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { resolveModel } from '../../routing/resolve-model.js';
import { collectTurnReasoning } from '../../translate/collect-turn-reasoning.js';
import { convertAnthropicRequest } from '../../translate/convert-anthropic-request.js';
import { convertMessageToEvents } from '../../translate/convert-message-to-events.js';
import { toAnthropicUsage, ZERO_USAGE } from '../../translate/convert-usage.js';
import type { StreamContext } from '../../translate/create-stream-translator.js';
import { estimateInputTokens, REPORT_CHARS_PER_TOKEN } from '../../translate/estimate-input-tokens.js';
import type { UpstreamResponse } from '../../upstream/create-upstream-client.js';
import { inlineImageUrls } from '../../upstream/inline-image-urls.js';
import { anthropicRequestSchema } from '../../wire/anthropic-request-schema.js';
import type { AnthropicMessage } from '../../wire/anthropic-response.js';
import type { AppContext } from '../app-context.js';
import { readPresentedKeys } from '../auth/read-presented-keys.js';
import { createId } from '../create-id.js';
import { assertSendable } from '../limits/assert-sendable.js';
import { parseRequestBody } from '../parse-request-body.js';
import { createConfigSecretRedactor } from '../redact-secrets.js';
import { createStreamConverter } from '../streaming/create-stream-converter.js';
import { pipeEventStream } from '../streaming/pipe-event-stream.js';
import { rememberStreamedReasoning } from '../streaming/remember-streamed-reasoning.js';
import { sendEventList } from '../streaming/send-event-list.js';
import { convertCompleteAnswer } from './convert-complete-answer.js';

const DEFAULT_PING_INTERVAL_MS = 10_000;

export function registerMessagesRoute(app: FastifyInstance, context: AppContext): void {
  const redact = createConfigSecretRedactor(context.config);
  app.post('/v1/messages', async (request, reply) => {
    const parsedRequest = parseRequestBody(anthropicRequestSchema, request.body);
    const { clientModel, backendModel } = resolveModel(context.config, parsedRequest.model);
    const stream = parsedRequest.stream === true;
    request.facts.clientModel = clientModel;
    request.facts.backendModel = backendModel;
    request.facts.stream = stream;
    const answerContext: StreamContext = {
      messageId: createId('msg_'),
      model: clientModel,
      stopSequences: parsedRequest.stop_sequences,
      createToolId: () => createId('toolu_'),
    };

    // max_tokens 0 is how clients pre-warm Anthropic's cache; no backend accepts it.
    if (parsedRequest.max_tokens === 0) {
      const message = emptyMessage(answerContext);
      if (!stream) return message;
      return sendEventList(reply, convertMessageToEvents(message), redact);
    }

    const upstreamAbort = abortOnClientGone(request, reply);
    const reasoningMemory = context.reasoningMemory?.forClient(readPresentedKeys(request.headers));
    const anthropicRequest =
      context.dialect.images === 'data-only'
        ? await inlineImageUrls(parsedRequest, {
            timeoutMs: context.config.timeoutMs,
            signal: upstreamAbort.signal,
          })
        : parsedRequest;
    const { body, warnings, toolNames, thinking } = convertAnthropicRequest(anthropicRequest, {
      model: backendModel,
      dialect: context.dialect,
      stream,
      maxOutputTokens: context.config.maxOutputTokens,
      recallReasoning: reasoningMemory?.recall,
    });
    assertSendable(body);
    answerContext.toolNames = toolNames;
    answerContext.omitThinkingText = thinking.kind === 'on' && thinking.omitText;
    // message_start must carry an input count (LangChain.js reads it nowhere else); the backend's
    // exact count follows in message_delta. One pass over the text, no tokenizer on the hot path.
    if (stream) answerContext.estimatedInputTokens = estimateInputTokens(body, REPORT_CHARS_PER_TOKEN);
    if (warnings.length > 0) request.log.debug({ warnings }, 'translation warnings');
    if (context.config.debug) request.log.debug({ upstreamRequest: body }, 'upstream request');

    // Failures up to here, and the backend's error statuses, become ordinary error responses.
    request.facts.attempts++;
    const upstreamResponse = await context.upstream.postChatCompletions(
      JSON.stringify(body),
      upstreamAbort.signal,
    );
    if (!stream || isJson(upstreamResponse)) {
      const text = await upstreamResponse.body.text();
      if (context.config.debug) request.log.debug({ upstreamResponse: text }, 'upstream response');
      const message = convertCompleteAnswer(text, answerContext);
      reasoningMemory?.remember(collectTurnReasoning(message.content));
      if (!stream) return message;
      // A backend that ignored `stream: true`: replay its whole answer as events.
      return sendEventList(reply, convertMessageToEvents(message), redact);
    }
    return pipeEventStream({
      request,
      reply,
      upstream: upstreamResponse,
      converter: rememberStreamedReasoning(createStreamConverter(answerContext), reasoningMemory),
      upstreamAbort,
      pingIntervalMs: context.streamPingIntervalMs ?? DEFAULT_PING_INTERVAL_MS,
      backendUrl: context.config.backend.displayUrl,
      redact,
      activity: context.activity,
    });
  });
}

function emptyMessage(context: StreamContext): AnthropicMessage {
  return {
    id: context.messageId,
    type: 'message',
    role: 'assistant',
    model: context.model,
    content: [],
    stop_reason: 'max_tokens',
    stop_sequence: null,
    stop_details: null,
    usage: toAnthropicUsage(ZERO_USAGE),
  };
}

function isJson(response: UpstreamResponse): boolean {
  const type = response.headers['content-type'];
  return typeof type === 'string' && type.includes('json');
}

/**
 * Aborts the upstream request as soon as the client goes away, so the backend stops
 * generating and sees its connection closed. The controller is returned so a stream can
 * also stop the backend itself.
 */
export function abortOnClientGone(request: FastifyRequest, reply: FastifyReply): AbortController {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  request.raw.once('aborted', () => controller.abort());
  return controller;
}
