import { describe, expect, it } from 'vitest';
import { convertCompleteResponsesAnswer } from '../../../src/providers/responses/convert-complete-answer.js';
import { createResponsesStreamConverter } from '../../../src/providers/responses/create-stream-converter.js';
import type { AnthropicStreamEvent } from '../../../src/translate/create-stream-translator.js';
import { createFixtureStreamContext } from '../../helpers/fixture-stream-context.js';
import { listFixtureCases, readJsonFixture, readTextFixture } from '../../helpers/load-fixture.js';
import { parseAnthropicSse } from '../../helpers/parse-anthropic-sse.js';
import { validateAnthropicStream } from '../../helpers/validate-anthropic-stream.js';

/** Runs Responses API event-stream bytes through the converter, in the given pieces. */
function convert(pieces: readonly Uint8Array[]): AnthropicStreamEvent[] {
  const converter = createResponsesStreamConverter(createFixtureStreamContext());
  const events = converter.start();
  for (const piece of pieces) events.push(...converter.push(piece));
  events.push(...converter.end());
  return events;
}

const streamCases = listFixtureCases('responses', '.responses.sse');
const answerCases = listFixtureCases('responses', '.responses-response.json');

describe('Responses API stream translation of the fixture corpus', () => {
  it('has an expected .anthropic.sse for every .responses.sse case', () => {
    expect(streamCases.length).toBeGreaterThanOrEqual(10);
    expect(listFixtureCases('responses', '.anthropic.sse')).toEqual(streamCases);
  });

  describe.each(streamCases)('%s', (name) => {
    const upstream = Buffer.from(readTextFixture(`responses/${name}.responses.sse`), 'utf8');
    const expectedFrames = parseAnthropicSse(readTextFixture(`responses/${name}.anthropic.sse`));

    it('emits the expected frames, each with an event line equal to its type', () => {
      for (const frame of expectedFrames) expect(frame.event).toBe(frame.data.type);
      const events = convert([upstream]);
      expect(events).toEqual(expectedFrames.map((frame) => frame.data));
      validateAnthropicStream(events);
    });

    it('emits the same events when the backend writes one byte at a time', () => {
      const bytes = Array.from(upstream, (_byte, index) => upstream.subarray(index, index + 1));
      expect(convert(bytes)).toEqual(convert([upstream]));
    });

    it('emits the same events with CRLF line endings', () => {
      const crlf = Buffer.from(upstream.toString('utf8').replace(/\n/g, '\r\n'), 'utf8');
      expect(convert([crlf])).toEqual(convert([upstream]));
    });
  });
});

describe('Responses API answer translation of the fixture corpus', () => {
  it('has an expected .anthropic-response.json for every .responses-response.json case', () => {
    expect(answerCases.length).toBeGreaterThanOrEqual(3);
    expect(listFixtureCases('responses', '.anthropic-response.json')).toEqual(answerCases);
  });

  it.each(answerCases)('%s converts to the expected Message', (name) => {
    const body = JSON.stringify(readJsonFixture(`responses/${name}.responses-response.json`));
    const expected = readJsonFixture(`responses/${name}.anthropic-response.json`);
    expect(convertCompleteResponsesAnswer(body, createFixtureStreamContext())).toEqual(expected);
  });

  it('gives a streamed answer and the same answer whole the same content', () => {
    const streamed = convert([
      Buffer.from(readTextFixture('responses/reasoning-summary-then-function-call.responses.sse')),
    ]);
    const whole = convertCompleteResponsesAnswer(
      JSON.stringify({
        status: 'completed',
        output: [
          {
            id: 'rs_fixture_1',
            type: 'reasoning',
            summary: [
              {
                type: 'summary_text',
                text: '**Reading the file**\n\nThe user wants the config, so I read it first.',
              },
            ],
            encrypted_content: 'gAAAAABfixture-encrypted-reasoning==',
          },
          {
            id: 'fc_fixture_1',
            type: 'function_call',
            status: 'completed',
            arguments: '{"file_path":"/src/config.ts"}',
            call_id: 'call_Read01',
            name: 'Read',
          },
        ],
        usage: { input_tokens: 900, output_tokens: 240, output_tokens_details: { reasoning_tokens: 192 } },
      }),
      createFixtureStreamContext(),
    );
    const signatures = streamed.flatMap((event) =>
      event.type === 'content_block_delta' && event.delta.type === 'signature_delta'
        ? [event.delta.signature]
        : [],
    );
    expect(whole.content[0]).toMatchObject({ type: 'thinking', signature: signatures[0] });
    expect(whole.content[1]).toMatchObject({
      type: 'tool_use',
      id: 'call_Read01',
      input: { file_path: '/src/config.ts' },
    });
  });
});
