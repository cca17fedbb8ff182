import type { ThinkTagMode } from '../dialects/dialect.js';
import type { KnownModelFacts } from '../translate/convert-anthropic-request.js';
import type { AnthropicStreamEvent, StreamContext } from '../translate/create-stream-translator.js';
import type { UpstreamSignal } from '../upstream/undici.js';
import type { AnthropicRequest } from '../wire/anthropic-request-schema.js';
import type { AnthropicMessage } from '../wire/anthropic-response.js';
import type { AnthropicClientHeader } from './anthropic/anthropic-endpoints.js';
import type { SignatureIssuers } from './anthropic/signature-issuers.js';
import type { AttemptInspector } from './attempt-inspector.js';
import type { StreamConverter } from './chat-completions/create-stream-converter.js';

/** One attempt at one provider: everything a protocol needs to ask the backend. */
export interface ProviderCall {
  /** The client's request, as validated. */
  request: AnthropicRequest;
  /** The backend model this attempt asks for. */
  model: string;
  stream: boolean;
  /** Ids and names the answer is written with; the same for every attempt of a request. */
  answerContext: StreamContext;
  /** The keys the client presented, which scope its reasoning memory. */
  clientKeys: readonly string[];
  /** THINK_TAGS; undefined keeps the provider's dialect default. */
  thinkTags: ThinkTagMode | undefined;
  /** MAX_OUTPUT_TOKENS. */
  maxOutputTokens: number | undefined;
  /** What is known of the target model; unset, the dialect's own table decides. */
  modelFacts?: KnownModelFacts | undefined;
  /** Aborted when the client goes away or the attempt is given up. */
  signal: UpstreamSignal;
  /**
   * The client's body as it arrived, before validation dropped what the proxy does not know:
   * what a protocol that passes requests on (anthropic) forwards.
   */
  clientBody?: Readonly<Record<string, unknown>> | undefined;
  /** The client's Anthropic headers, which the anthropic protocol passes on where the provider takes them. */
  clientHeaders?: Readonly<Partial<Record<AnthropicClientHeader, string>>> | undefined;
  /** Who issued the thinking signatures in the history, for the anthropic protocol (one per registry). */
  signatureIssuers?: SignatureIssuers | undefined;
  /** Debug logging of the backend's request and answer bodies; absent unless DEBUG is on. */
  debug?: ((facts: Record<string, unknown>, message: string) => void) | undefined;
  /** The inspector's view of this attempt; absent when INSPECTOR=false. */
  inspect?: AttemptInspector | undefined;
}

/**
 * A backend's answer at the moment it is committed to the client: a whole message, or a
 * stream whose first events are in hand (message_start and whatever the backend's first
 * event produced), with the rest still to be read.
 */
export type ProviderAnswer =
  | {
      kind: 'message';
      message: AnthropicMessage;
      /** The backend's own bytes for the message (model rewritten), sent instead of re-serialising it. */
      rawBody?: string;
    }
  | {
      kind: 'stream';
      firstEvents: AnthropicStreamEvent[];
      converter: StreamConverter;
      /** The rest of the backend's body, continuing where the first events stopped. */
      rest: AsyncIterator<Buffer>;
    };
