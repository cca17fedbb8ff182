/**
 * The request bodies and backend answers of the comparison benchmark. Each scenario has two
 * bodies for the same work: the Anthropic request infiniproxy receives, and the Chat
 * Completions request it turns that into, which the direct path and the raw pipe send as is.
 * The backend tells answers apart by a marker in the text, which survives translation.
 */
import { genericDialect } from '../../src/dialects/generic.js';
import { convertAnthropicRequest } from '../../src/translate/convert-anthropic-request.js';
import { anthropicRequestSchema } from '../../src/wire/anthropic-request-schema.js';
import { buildClaudeCodeTurn, prose } from '../../test/helpers/build-claude-code-turn.js';
import {
  BACKEND_MODEL,
  DELTA_INTERVAL_MS,
  FAST_STREAM_DELTAS,
  SLOW_STREAM_DELTAS,
  SLOW_STREAM_MARKER,
} from './constants.js';

export { SLOW_STREAM_DELTAS } from './constants.js';

export type ScenarioId = 'S1' | 'S2' | 'S3' | 'S4';

export interface Scenario {
  id: ScenarioId;
  title: string;
  /** The Anthropic Messages body sent to infiniproxy. */
  anthropicBody: string;
  /** The Chat Completions body sent straight to the backend and through the raw pipe. */
  chatBody: string;
}

function chatBodyFor(anthropic: Record<string, unknown>, stream: boolean): string {
  const request = anthropicRequestSchema.parse(anthropic);
  const { body } = convertAnthropicRequest(request, {
    model: BACKEND_MODEL,
    dialect: genericDialect,
    stream,
  });
  return JSON.stringify(body);
}

/** A 1 KB user message. */
function smallRequest(stream: boolean, marker = ''): Record<string, unknown> {
  return {
    model: 'claude-sonnet-4-5',
    max_tokens: 1024,
    stream,
    messages: [{ role: 'user', content: `${marker} ${prose(11, 150)}`.slice(0, 1000) }],
  };
}

export function buildScenarios(): Record<ScenarioId, Scenario> {
  const make = (id: ScenarioId, title: string, anthropic: Record<string, unknown>): Scenario => ({
    id,
    title,
    anthropicBody: JSON.stringify(anthropic),
    chatBody: chatBodyFor(anthropic, anthropic.stream === true),
  });
  const turn = buildClaudeCodeTurn({ stream: false });
  return {
    S1: make('S1', '1 KB request, JSON answer', smallRequest(false)),
    S2: make(
      'S2',
      `${Math.round(JSON.stringify(turn).length / 1024)} KB Claude Code turn, JSON answer`,
      turn,
    ),
    S3: make('S3', `1 KB request, streamed answer of ${FAST_STREAM_DELTAS} text deltas`, smallRequest(true)),
    S4: make(
      'S4',
      `1,000 concurrent streams, one delta every ${DELTA_INTERVAL_MS} ms for ${(SLOW_STREAM_DELTAS * DELTA_INTERVAL_MS) / 1000} s`,
      smallRequest(true, SLOW_STREAM_MARKER),
    ),
  };
}
