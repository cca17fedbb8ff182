import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type DispatchResult, dispatch } from '../../dispatch/dispatch.js';
import { createRequestAbort, type RequestAbort } from '../../dispatch/request-abort.js';
import { admitVirtualKey } from '../../gateway/http/admit-virtual-key.js';
import { checkPromptFits } from '../../models/check-prompt-fits.js';
import { factValues } from '../../models/model-facts.js';
import { routeByModelFacts } from '../../models/route-by-model-facts.js';
import { settleTargetFacts } from '../../models/settle-target-facts.js';
import { readAnthropicHeaders } from '../../providers/anthropic/read-anthropic-headers.js';
import { sendToProvider } from '../../providers/send-to-provider.js';
import { readRequestTraits } from '../../routing/read-request-traits.js';
import { selectLongContextRoute, selectRoute } from '../../routing/select-route.js';
import { convertMessageToEvents } from '../../translate/convert-message-to-events.js';
import { toAnthropicUsage, ZERO_USAGE } from '../../translate/convert-usage.js';
import type { StreamContext } from '../../translate/create-stream-translator.js';
import type { AnthropicMessage } from '../../wire/anthropic-response.js';
import type { AppContext } from '../app-context.js';
import { readPresentedKeys } from '../auth/read-presented-keys.js';
import { createId } from '../create-id.js';
import { recordMessageFacts } from '../observability/record-answer-facts.js';
import { parseMessagesRequest } from '../parse-messages-request.js';
import { createConfigSecretRedactor } from '../redact-secrets.js';
import { pipeEventStream } from '../streaming/pipe-event-stream.js';
import { sendEventList } from '../streaming/send-event-list.js';

const DEFAULT_PING_INTERVAL_MS = 10_000;

/**
 * POST /v1/messages: parse, pick a route, let the dispatcher find a provider that answers,
 * write the answer. Protocol knowledge lives in providers/, retries and fallbacks in dispatch/.
 */
export function registerMessagesRoute(app: FastifyInstance, context: AppContext): void {
  app.post('/v1/messages', async (request, reply) => {
    const { config, providers } = context.gateway;
    const redact = createConfigSecretRedactor(config);
    const parsedRequest = parseMessagesRequest(request.body);
    const stream = parsedRequest.stream === true;
    const facts = request.facts;
    facts.clientModel = parsedRequest.model;
    facts.stream = stream;
    const traits = readRequestTraits(parsedRequest);
    // Counted at most once: the long_context threshold and the window check share it.
    let inputTokens: number | undefined;
    const countInputTokens = () => (inputTokens ??= context.tokenCounter.count(parsedRequest));
    const selected = selectRoute(config, { traits, countInputTokens });
    const factsOf = (providerName: string, model: string) => {
      const facts = providers.get(providerName)?.modelFacts.get(model);
      return facts && factValues(facts);
    };
    const settling = settleTargetFacts(providers, selected.targets);
    if (settling) await settling;
    const route = routeByModelFacts(config, selected, traits, factsOf);
    facts.route = route.name;
    if (context.team) {
      await admitVirtualKey(context.team, request, {
        model: parsedRequest.model,
        maxTokens: parsedRequest.max_tokens,
        target: route.targets[0],
        pricing: config.pricing,
      });
    }
    const exchange = request.exchange;
    exchange?.clientRequest(parsedRequest, request.rawBody, (request.body as { tools?: unknown }).tools);
    // Let go of the bytes as received: the inspector has its copy, and a stream can run for minutes.
    request.rawBody = undefined;
    const answerContext: StreamContext = {
      messageId: createId('msg_'),
      model: parsedRequest.model,
      stopSequences: parsedRequest.stop_sequences,
      createToolId: () => createId('toolu_'),
    };

    // max_tokens 0 is how clients pre-warm Anthropic's cache; no backend accepts it.
    if (parsedRequest.max_tokens === 0) {
      facts.provider = route.targets[0]?.provider ?? null;
      facts.backendModel = route.targets[0]?.model ?? null;
      const message = emptyMessage(answerContext);
      if (!stream) return message;
      return sendEventList(reply, convertMessageToEvents(message), redact);
    }

    const clientGone = abortOnClientGone(request, reply);
    const clientKeys = readPresentedKeys(request.headers);
    const debug = config.debug
      ? (details: Record<string, unknown>, message: string) => request.log.debug(details, message)
      : undefined;
    let result: DispatchResult;
    try {
      result = await dispatch({
        providers,
        retry: config.retry,
        route,
        longContextRoute: route.name === 'long_context' ? undefined : selectLongContextRoute(config, traits),
        abort: clientGone,
        attempts: facts.attempts,
        attempt: (provider, target, signal) => {
          const modelFacts = factValues(provider.modelFacts.get(target.model));
          // Over the window: refused before the backend is asked (long_context takes it if there is one).
          checkPromptFits(parsedRequest, modelFacts.contextWindow, countInputTokens, provider.name);
          const inspect = exchange?.startAttempt(provider, target.model);
          const answer = sendToProvider(provider, {
            request: parsedRequest,
            clientBody: request.body as Readonly<Record<string, unknown>>,
            clientHeaders: readAnthropicHeaders(request.headers),
            signatureIssuers: providers.signatureIssuers,
            model: target.model,
            stream,
            answerContext,
            clientKeys,
            maxOutputTokens: config.maxOutputTokens,
            modelFacts,
            thinkTags: config.thinkTags,
            signal,
            debug,
            inspect,
          });
          return inspect ? inspect.track(answer) : answer;
        },
      });
    } finally {
      const last = facts.attempts.at(-1);
      if (last) {
        facts.provider = last.provider;
        facts.backendModel = last.model;
        reply.header('x-infiniproxy-provider', last.provider);
        reply.header('x-infiniproxy-model', last.model);
      }
      reply.header('x-infiniproxy-attempts', String(facts.attempts.length));
    }
    facts.route = result.route.name;

    const { answer, release } = result;
    if (answer.kind === 'message') {
      release();
      if (!stream && answer.rawBody !== undefined) {
        // A passed-on answer keeps the backend's bytes; its facts are read here, not at serialisation.
        recordMessageFacts(facts, answer.message);
        return reply.type('application/json; charset=utf-8').send(answer.rawBody);
      }
      if (!stream) return answer.message;
      // A backend that ignored `stream: true`: replay its whole answer as events.
      return sendEventList(reply, convertMessageToEvents(answer.message), redact);
    }
    try {
      return await pipeEventStream({
        request,
        reply,
        firstEvents: answer.firstEvents,
        rest: answer.rest,
        converter: answer.converter,
        upstreamAbort: clientGone,
        pingIntervalMs: context.streamPingIntervalMs ?? DEFAULT_PING_INTERVAL_MS,
        provider: result.provider,
        redact,
        activity: context.activity,
      });
    } finally {
      release();
    }
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

/**
 * Aborts the upstream request as soon as the client goes away, so the backend stops
 * generating and sees its connection closed. Returned so a stream can also stop the backend
 * itself.
 */
export function abortOnClientGone(request: FastifyRequest, reply: FastifyReply): RequestAbort {
  const requestAbort = createRequestAbort();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) requestAbort.abort();
  });
  request.raw.once('aborted', () => requestAbort.abort());
  return requestAbort;
}
