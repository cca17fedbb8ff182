import { describe, expect, it } from 'vitest';
import { mapFinishReason } from '../../src/translate/map-finish-reason.js';

describe('mapFinishReason', () => {
  it.each([
    ['stop', 'end_turn'],
    [null, 'end_turn'],
    [undefined, 'end_turn'],
    ['something_new', 'end_turn'],
    ['length', 'max_tokens'],
    ['tool_calls', 'tool_use'],
    ['function_call', 'tool_use'],
    ['content_filter', 'refusal'],
    ['sensitive', 'refusal'],
    ['model_context_window_exceeded', 'max_tokens'],
  ])('maps finish_reason %s to stop_reason %s when no tool was called', (finishReason, stopReason) => {
    expect(mapFinishReason(finishReason, false)).toEqual({ kind: 'stop', stopReason });
  });

  it.each(['stop', 'tool_calls', null])(
    'reports tool_use for finish_reason %s when a tool was called',
    (finishReason) => {
      expect(mapFinishReason(finishReason, true)).toEqual({ kind: 'stop', stopReason: 'tool_use' });
    },
  );

  it.each(['length', 'model_context_window_exceeded'])(
    'reports max_tokens for finish_reason %s even when a tool was being called',
    (finishReason) => {
      expect(mapFinishReason(finishReason, true)).toEqual({ kind: 'stop', stopReason: 'max_tokens' });
    },
  );

  it.each([
    ['insufficient_system_resource', 'overloaded_error'],
    ['error', 'api_error'],
    ['network_error', 'api_error'],
  ])('maps finish_reason %s to an %s', (finishReason, errorType) => {
    expect(mapFinishReason(finishReason, false)).toMatchObject({ kind: 'error', errorType });
  });
});
