import { InvalidRequestError } from '../../errors.js';
import { encodeBody } from '../../translate/known-json.js';
import { mapTransportError, type UpstreamResponse } from '../../upstream/create-upstream-client.js';
import { anthropicMessagesPath } from '../endpoint-path.js';
import type { Provider } from '../provider.js';
import type { ProviderAnswer, ProviderCall } from '../provider-answer.js';
import { describeBackend, readUntilFirstEvent } from '../read-until-first-event.js';
import { recordReceivedChunks } from '../record-received-chunks.js';
import { type AnthropicEndpoint, selectAnthropicEndpoint } from './anthropic-endpoints.js';
import { buildAnthropicRequest, signedTokenOf } from './build-anthropic-request.js';
import { convertCompleteAnthropicAnswer } from './convert-complete-answer.js';
import { createAnthropicStreamConverter } from './create-stream-converter.js';
import { signatureIssuerOf } from './signature-issuers.js';

/**
 * One attempt at an Anthropic-compatible provider: the client's request forwarded with the
 * route's model, in the headers and fields the endpoint takes, to `{base_url}/v1/messages`.
 * The answer is passed on as the backend wrote it but for `model`; errors before the commit
 * point throw (the client's statuses and error bodies are Anthropic's already, mapped once by
 * the upstream client), so retries, fallbacks and cooldowns work as for the other protocols.
 */
export async function sendAnthropic(provider: Provider, call: ProviderCall): Promise<ProviderAnswer> {
  if (!call.clientBody) throw new InvalidRequestError('The Anthropic protocol needs the client request body');
  const { endpoint, issuer } = endpointOf(provider);
  const issuers = call.signatureIssuers;
  const { body, headers, warnings } = buildAnthropicRequest(call.clientBody, call.clientHeaders ?? {}, {
    model: call.model,
    endpoint,
    // A token nobody is known to have issued is passed on: it may predate a restart.
    issuedElsewhere: issuers && ((token) => (issuers.issuerOf(token) ?? issuer) !== issuer),
  });
  const onSigned = issuers && ((token: string) => issuers.note(token, issuer));
  if (warnings.length > 0) call.debug?.({ warnings }, 'translation warnings');
  call.debug?.({ provider: provider.name, upstreamRequest: body }, 'upstream request');

  // A tool list the JSON parser reused from an earlier turn is written from its kept text.
  const payload = encodeBody(body);
  call.inspect?.sent(payload, body.tools);
  const response = await provider.upstream.post(
    anthropicMessagesPath(provider.config.backend),
    payload,
    call.signal,
    headers,
  );
  const clientModel = call.answerContext.model;
  if (!call.stream || !isEventStream(response)) {
    let text: string;
    try {
      text = await response.body.text();
    } catch (cause) {
      throw mapTransportError(cause, describeBackend(provider));
    }
    call.inspect?.answered(text);
    call.debug?.({ provider: provider.name, upstreamResponse: text }, 'upstream response');
    const passed = convertCompleteAnthropicAnswer(text, clientModel, provider.name);
    if (onSigned && Array.isArray(passed.message.content))
      for (const block of passed.message.content) {
        const token = signedTokenOf(block);
        if (token) onSigned(token);
      }
    // A backend that ignored `stream: true` gets its message replayed as events by the route.
    if (call.stream) return { kind: 'message', message: passed.message };
    return { kind: 'message', message: passed.message, rawBody: passed.body };
  }
  const converter = createAnthropicStreamConverter(
    { model: clientModel, onSigned },
    { provider: provider.name },
  );
  const received = response.body[Symbol.asyncIterator]();
  const rest = call.inspect ? recordReceivedChunks(received, call.inspect) : received;
  const firstEvents = await readUntilFirstEvent(provider, converter, rest);
  return { kind: 'stream', firstEvents, converter, rest };
}

/** Each provider's endpoint and signature issuer, read off its base URL once rather than on every request. */
const endpoints = new WeakMap<Provider['config'], { endpoint: AnthropicEndpoint; issuer: string }>();

function endpointOf(provider: Provider): { endpoint: AnthropicEndpoint; issuer: string } {
  let known = endpoints.get(provider.config);
  if (!known) {
    const url = provider.config.backend.displayUrl;
    const endpoint = selectAnthropicEndpoint(url);
    known = { endpoint, issuer: signatureIssuerOf(endpoint, url) };
    endpoints.set(provider.config, known);
  }
  return known;
}

function isEventStream(response: UpstreamResponse): boolean {
  const type = response.headers['content-type'];
  return typeof type === 'string' && type.includes('text/event-stream');
}
