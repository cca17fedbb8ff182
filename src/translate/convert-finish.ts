import type { RefusalStopDetails, StopReason } from '@anthropic-ai/sdk/resources/messages';
import type { AnthropicErrorType } from '../errors.js';
import { mapFinishReason } from './map-finish-reason.js';

export interface FinishFacts {
  finishReason: string | null | undefined;
  sawToolCalls: boolean;
  /** The backend sent a `refusal` text. */
  sawRefusal: boolean;
  /** vLLM's non-standard `choices[].stop_reason`: the stop string or token that ended generation. */
  matchedStop: string | number | null | undefined;
  stopSequences: readonly string[] | undefined;
}

export type ConvertedFinish =
  | {
      kind: 'stop';
      stopReason: StopReason;
      stopSequence: string | null;
      stopDetails: RefusalStopDetails | null;
    }
  | { kind: 'error'; errorType: AnthropicErrorType; message: string };

/**
 * How an answer ended, in Anthropic terms, for the streaming and non-streaming paths alike:
 * stop_reason, the matched stop sequence when the backend names it, and refusal details.
 */
export function convertFinish(facts: FinishFacts): ConvertedFinish {
  const finish = mapFinishReason(facts.finishReason, facts.sawToolCalls);
  if (finish.kind === 'error') return finish;
  const stopReason = facts.sawRefusal && !facts.sawToolCalls ? 'refusal' : finish.stopReason;
  if (
    stopReason === 'end_turn' &&
    typeof facts.matchedStop === 'string' &&
    facts.stopSequences?.includes(facts.matchedStop)
  ) {
    return { kind: 'stop', stopReason: 'stop_sequence', stopSequence: facts.matchedStop, stopDetails: null };
  }
  return {
    kind: 'stop',
    stopReason,
    stopSequence: null,
    stopDetails: stopReason === 'refusal' ? { type: 'refusal', category: null, explanation: null } : null,
  };
}
