import { describe, expect, it } from 'vitest';
import type { ThinkTagMode } from '../../src/dialects/dialect.js';
import { createThinkTagSplitter, type ThinkTagPart } from '../../src/translate/create-think-tag-splitter.js';

type Mode = Exclude<ThinkTagMode, 'off'>;

/** Feeds the pieces, then finishes; returns every part in order, as emitted. */
function split(mode: Mode, pieces: readonly string[]): ThinkTagPart[] {
  const splitter = createThinkTagSplitter(mode);
  const parts = pieces.flatMap((piece) => splitter.push(piece));
  parts.push(...splitter.finish());
  return parts;
}

/** Adjacent parts of the same kind joined: what the client sees as blocks. */
function blocks(parts: readonly ThinkTagPart[]): ThinkTagPart[] {
  const joined: ThinkTagPart[] = [];
  for (const part of parts) {
    expect(part.text.length).toBeGreaterThan(0);
    const last = joined.at(-1);
    if (last?.kind === part.kind) last.text += part.text;
    else joined.push({ ...part });
  }
  return joined;
}

const thinking = (text: string): ThinkTagPart => ({ kind: 'thinking', text });
const text = (value: string): ThinkTagPart => ({ kind: 'text', text: value });

/** Every way to cut `whole` in two, and one piece per code point. */
function cuts(whole: string): string[][] {
  const ways: string[][] = [[whole], Array.from(whole)];
  for (let index = 1; index < whole.length; index++) ways.push([whole.slice(0, index), whole.slice(index)]);
  return ways;
}

describe('createThinkTagSplitter', () => {
  it('moves reasoning in <think> tags at the start into thinking and the rest into text', () => {
    expect(split('on', ['<think>Check the sum.</think>It is 4.'])).toEqual([
      thinking('Check the sum.'),
      text('It is 4.'),
    ]);
  });

  it('gives the same blocks wherever the tags and text are cut, multi-byte text included', () => {
    const whole = '\n<think>\nÜber 𝄞 und 思考…\n</think>\n\nAntwort: 🎉 ja</think>';
    const expected = [thinking('Über 𝄞 und 思考…'), text('Antwort: 🎉 ja</think>')];
    for (const mode of ['on', 'open'] as const)
      for (const pieces of cuts(whole))
        expect(blocks(split(mode, pieces)), pieces.join('|')).toEqual(expected);
  });

  it('drops the whitespace around the reasoning and before the answer', () => {
    expect(split('on', ['  \n<think>\n\n', 'Plan.\n', '\n</think>', '\n\n', '  Done.\n'])).toEqual([
      thinking('Plan.'),
      text('Done.\n'),
    ]);
  });

  it('keeps whitespace inside the reasoning once more reasoning follows it', () => {
    expect(blocks(split('on', ['<think>One.', '\n\n', 'Two.</think>x']))).toEqual([
      thinking('One.\n\nTwo.'),
      text('x'),
    ]);
  });

  it('streams reasoning at once, holding back only a possible closing tag and the whitespace before it', () => {
    const splitter = createThinkTagSplitter('on');
    expect(splitter.push('<think>abc')).toEqual([thinking('abc')]);
    expect(splitter.push('def \n</th')).toEqual([thinking('def')]);
    expect(splitter.push('ink>Hi')).toEqual([text('Hi')]);
    expect(splitter.passthrough).toBe(true);
  });

  it('holds back a possible opening tag and nothing once the answer is plain text', () => {
    const splitter = createThinkTagSplitter('on');
    expect(splitter.push('\n<thi')).toEqual([]);
    expect(splitter.push('s is text')).toEqual([text('\n<this is text')]);
    expect(splitter.passthrough).toBe(true);
    expect(splitter.push('<think>later</think>')).toEqual([text('<think>later</think>')]);
  });

  it('leaves a <think> in the middle of prose as text', () => {
    expect(split('on', ['Use ', '<think>x</think> tags.'])).toEqual([
      text('Use '),
      text('<think>x</think> tags.'),
    ]);
  });

  it('leaves a tag that only begins like <think> as text', () => {
    expect(blocks(split('on', ['<thinking>', 'no</thinking>']))).toEqual([text('<thinking>no</thinking>')]);
    expect(blocks(split('on', ['<Think>x</Think>']))).toEqual([text('<Think>x</Think>')]);
    expect(blocks(split('on', ['< think>x</think>']))).toEqual([text('< think>x</think>')]);
  });

  it('leaves an answer without tags as it is, whitespace included', () => {
    expect(blocks(split('on', ['  ', '\nHello', ' world\n']))).toEqual([text('  \nHello world\n')]);
    expect(split('on', [' \n '])).toEqual([text(' \n ')]);
  });

  it('gives the held-back start of an answer cut off inside <think back as text', () => {
    expect(split('on', ['\n<thin'])).toEqual([text('\n<thin')]);
  });

  it('makes the whole answer reasoning when </think> never comes', () => {
    expect(split('on', ['<think>Still going', ' on\n'])).toEqual([thinking('Still going'), thinking(' on')]);
  });

  it('keeps a cut-off closing tag at the end as reasoning', () => {
    expect(blocks(split('on', ['<think>So', '\n</thi']))).toEqual([thinking('So\n</thi')]);
  });

  it('emits nothing for an empty reasoning section', () => {
    expect(split('on', ['<think>\n\n</think>\n\n', 'Hi'])).toEqual([text('Hi')]);
    expect(split('on', ['<think></think>'])).toEqual([]);
  });

  it('emits no text when only whitespace follows </think>', () => {
    expect(split('on', ['<think>r</think>', '\n\n'])).toEqual([thinking('r')]);
  });

  it('passes text through as text after finish, as after a tool call', () => {
    const splitter = createThinkTagSplitter('on');
    expect(splitter.push('<think>r')).toEqual([thinking('r')]);
    expect(splitter.finish()).toEqual([]);
    expect(splitter.passthrough).toBe(true);
    expect(splitter.push('<think>x')).toEqual([text('<think>x')]);
  });

  describe('in open mode, for templates that put <think> in the prompt', () => {
    it('takes the text before </think> as reasoning', () => {
      expect(split('open', ['Okay, 2+2.\n', '</think>\n\n4'])).toEqual([thinking('Okay, 2+2.'), text('4')]);
    });

    it('also accepts an answer that opens the tag itself', () => {
      expect(split('open', ['<think>r</think>a'])).toEqual([thinking('r'), text('a')]);
    });

    it('gives the same blocks wherever a reasoning that starts like a tag is cut', () => {
      const whole = ' <thin ice.</think> Yes.';
      for (const pieces of cuts(whole))
        expect(blocks(split('open', pieces)), pieces.join('|')).toEqual([
          thinking('<thin ice.'),
          text('Yes.'),
        ]);
    });

    it('emits no thinking for an answer that starts with </think>', () => {
      expect(split('open', ['\n</think>\n\nHi'])).toEqual([text('Hi')]);
    });

    it('makes an answer without </think> all reasoning', () => {
      expect(blocks(split('open', ['Just', ' text.']))).toEqual([thinking('Just text.')]);
      expect(split('open', ['\n<thi'])).toEqual([thinking('<thi')]);
      expect(split('open', ['\n \n'])).toEqual([]);
    });
  });
});
