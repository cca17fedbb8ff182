import { describe, expect, it } from 'vitest';
import { createToolCallTracker } from '../../src/translate/create-tool-call-tracker.js';
import type { OpenAIResponseToolCall } from '../../src/wire/openai.js';

function track(fragments: OpenAIResponseToolCall[]) {
  const tracker = createToolCallTracker();
  for (const fragment of fragments) tracker.push(fragment);
  return tracker.calls.map(({ backendId, name, arguments: args }) => ({ backendId, name, args }));
}

describe('createToolCallTracker', () => {
  it('appends fragments that carry only an index to the call first seen with that index', () => {
    expect(
      track([
        { index: 0, id: 'call_1', function: { name: 'a', arguments: '{"x"' } },
        { index: 0, function: { arguments: ':1}' } },
      ]),
    ).toEqual([{ backendId: 'call_1', name: 'a', args: '{"x":1}' }]);
  });

  it('keeps interleaved fragments of parallel calls apart by index, in first-seen order', () => {
    expect(
      track([
        { index: 0, id: 'call_a', function: { name: 'a', arguments: '' } },
        { index: 1, id: 'call_b', function: { name: 'b', arguments: '' } },
        { index: 1, function: { arguments: '{"b":2}' } },
        { index: 0, function: { arguments: '{"a":1}' } },
      ]),
    ).toEqual([
      { backendId: 'call_a', name: 'a', args: '{"a":1}' },
      { backendId: 'call_b', name: 'b', args: '{"b":2}' },
    ]);
  });

  it('starts a new call when a known index arrives with a new id', () => {
    expect(
      track([
        { index: 0, id: 'call_1', function: { name: 'Read', arguments: '{"p":1}' } },
        { index: 0, id: 'call_2', function: { name: 'Read', arguments: '{"p":2}' } },
      ]),
    ).toEqual([
      { backendId: 'call_1', name: 'Read', args: '{"p":1}' },
      { backendId: 'call_2', name: 'Read', args: '{"p":2}' },
    ]);
  });

  it('prefers the id over the index when a fragment names a call by id', () => {
    expect(
      track([
        { index: 0, id: 'call_1', function: { name: 'a', arguments: '{' } },
        { index: 1, id: 'call_2', function: { name: 'b', arguments: '{' } },
        { index: 1, id: 'call_1', function: { arguments: '}' } },
      ]),
    ).toEqual([
      { backendId: 'call_1', name: 'a', args: '{}' },
      { backendId: 'call_2', name: 'b', args: '{' },
    ]);
  });

  it('continues the latest call for fragments with neither id nor index', () => {
    expect(
      track([
        { id: 'call_1', function: { name: 'a', arguments: '{"k":' } },
        { function: { arguments: '"v"}' } },
      ]),
    ).toEqual([{ backendId: 'call_1', name: 'a', args: '{"k":"v"}' }]);
  });

  it('starts a new call for whole calls that have distinct ids and no index', () => {
    expect(
      track([
        { id: 'A1', function: { name: 'Glob', arguments: '{}' } },
        { id: 'B2', function: { name: 'Grep', arguments: '{}' } },
      ]),
    ).toHaveLength(2);
  });

  it('starts a new call when a known id arrives on a different index', () => {
    expect(
      track([
        { index: 0, id: 'call_0', function: { name: 'Bash', arguments: '{"command":"a"}' } },
        { index: 1, id: 'call_0', function: { name: 'Bash', arguments: '{"command":"b"}' } },
      ]),
    ).toEqual([
      { backendId: 'call_0', name: 'Bash', args: '{"command":"a"}' },
      { backendId: 'call_0', name: 'Bash', args: '{"command":"b"}' },
    ]);
  });

  it('keeps the thought signature that comes with a Gemini tool call', () => {
    const tracker = createToolCallTracker();
    tracker.push({
      index: 0,
      id: 'fc_1',
      function: { name: 'Read', arguments: '{}' },
      extra_content: { google: { thought_signature: 'c2lnbmF0dXJl' } },
    });
    expect(tracker.calls[0]?.thoughtSignature).toBe('c2lnbmF0dXJl');
  });

  it('starts a new call when a fragment without id or index names another tool', () => {
    expect(
      track([{ function: { name: 'a', arguments: '{}' } }, { function: { name: 'b', arguments: '{}' } }]),
    ).toEqual([
      { backendId: null, name: 'a', args: '{}' },
      { backendId: null, name: 'b', args: '{}' },
    ]);
  });

  it('keeps the name when continuation fragments send an empty name', () => {
    expect(
      track([
        { index: 0, id: 'call_1', function: { name: 'Bash', arguments: '{"c":' } },
        { index: 0, function: { name: '', arguments: '1}' } },
      ]),
    ).toEqual([{ backendId: 'call_1', name: 'Bash', args: '{"c":1}' }]);
  });

  it('takes a name and an id that arrive after the first fragment', () => {
    expect(
      track([
        { index: 0, function: { arguments: '' } },
        { index: 0, id: 'call_late', function: { name: 'late', arguments: '{}' } },
      ]),
    ).toEqual([{ backendId: 'call_late', name: 'late', args: '{}' }]);
  });

  it('serialises arguments that a backend sent as an object', () => {
    const fragment = { index: 0, id: 'c', function: { name: 'a', arguments: { x: 1 } } };
    expect(track([fragment as unknown as OpenAIResponseToolCall])[0]?.args).toBe('{"x":1}');
  });
});
