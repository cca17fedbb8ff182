import type { Message } from '@anthropic-ai/sdk/resources/messages';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidRequestError, UpstreamProtocolError, UpstreamReportedError } from '../../errors.js';
import { resolveModel } from '../../routing/resolve-model.js';
import { convertAnthropicRequest } from '../../translate/convert-anthropic-request.js';
import { convertOpenAIResponse } from '../../translate/convert-openai-response.js';
import { toAnthropicUsage, ZERO_USAGE } from '../../translate/convert-usage.js';
import { mapUpstreamStatus, readUpstreamErrorMessage } from '../../upstream/map-upstream-error.js';
import { type AnthropicRequest, anthropicRequestSchema } from '../../wire/anthropic-request-schema.js';
import type { OpenAIChatResponse } from '../../wire/openai.js';
import type { AppContext } from '../app-context.js';
import { createId } from '../create-id.js';
import { formatValidationError } from '../format-validation-error.js';

export function registerMessagesRoute(app: FastifyInstance, context: AppContext): void {
  app.post('/v1/messages', async (request, reply) => {
    const anthropicRequest = parseMessagesRequest(request.body);
    const { clientModel, backendModel } = resolveModel(context.config, anthropicRequest.model);
    request.facts.clientModel = clientModel;
    request.facts.backendModel = backendModel;

    // max_tokens 0 is how clients pre-warm Anthropic's cache; no backend accepts it.
    if (anthropicRequest.max_tokens === 0) return emptyMessage(clientModel);

    const { body, warnings } = convertAnthropicRequest(anthropicRequest, {
      model: backendModel,
      dialect: context.dialect,
      stream: false,
    });
    if (warnings.length > 0) request.log.debug({ warnings }, 'translation warnings');
    if (context.config.debug) request.log.debug({ upstreamRequest: body }, 'upstream request');

    const signal = abortOnClientGone(request, reply);
    const upstreamResponse = await context.upstream.postChatCompletions(JSON.stringify(body), signal);
    const completion = parseCompletion(await upstreamResponse.body.text());
    if (context.config.debug) request.log.debug({ upstreamResponse: completion }, 'upstream response');
    return convertOpenAIResponse(completion, {
      messageId: createId('msg_'),
      model: clientModel,
      stopSequences: anthropicRequest.stop_sequences,
      createToolId: () => createId('toolu_'),
    });
  });
}

export function parseMessagesRequest(body: unknown): AnthropicRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidRequestError('Request body must be a JSON object');
  }
  const parsed = anthropicRequestSchema.safeParse(body);
  if (!parsed.success) throw new InvalidRequestError(formatValidationError(parsed.error));
  return parsed.data;
}

/** A backend may answer 200 with an error object instead of a completion. */
function parseCompletion(text: string): OpenAIChatResponse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new UpstreamProtocolError(
      `The backend returned a body that is not JSON: ${text.slice(0, 200)}`,
      cause,
    );
  }
  if (typeof value !== 'object' || value === null) {
    throw new UpstreamProtocolError('The backend returned a body that is not a JSON object');
  }
  const record = value as Record<string, unknown>;
  if (record.error !== undefined || record.object === 'error') {
    const { message, code } = readUpstreamErrorMessage(text);
    const status = typeof code === 'string' && /^\d{3}$/.test(code) ? Number(code) : 500;
    throw new UpstreamReportedError(mapUpstreamStatus(status).type, `Backend error: ${message}`);
  }
  return value as OpenAIChatResponse;
}

function emptyMessage(model: string): Message {
  return {
    id: createId('msg_'),
    type: 'message',
    role: 'assistant',
    model,
    content: [],
    stop_reason: 'max_tokens',
    stop_sequence: null,
    stop_details: null,
    container: null,
    diagnostics: null,
    usage: toAnthropicUsage(ZERO_USAGE),
  };
}

/** Aborts the upstream request as soon as the client goes away, so the backend stops generating. */
export function abortOnClientGone(request: FastifyRequest, reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  request.raw.once('aborted', () => controller.abort());
  return controller.signal;
}
