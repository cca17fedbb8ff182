import { describe, expect, it } from 'vitest';
import { createFrameCollector, limitText, truncationMarker } from '../../src/inspector/limit-text.js';

describe('limitText', () => {
  it('keeps a body within the limit whole', () => {
    expect(limitText('{"a":1}', 7)).toEqual({ text: '{"a":1}', truncated: false, length: 7 });
  });

  it('cuts a longer body at the limit and marks how much is missing', () => {
    const result = limitText('x'.repeat(25), 10);
    expect(result).toEqual({ text: `${'x'.repeat(10)}${truncationMarker(15)}`, truncated: true, length: 25 });
    expect(result.text).toContain('[truncated by the inspector: 15 more characters]');
  });
});

describe('createFrameCollector', () => {
  it('keeps every frame while the total stays within the limit', () => {
    const frames = createFrameCollector(10);
    frames.add(1, 'abc');
    frames.add(2, 'defg');
    expect(frames.result()).toEqual({
      frames: [
        { atMs: 1, text: 'abc' },
        { atMs: 2, text: 'defg' },
      ],
      truncated: false,
      droppedFrames: 0,
      droppedChars: 0,
    });
  });

  it('keeps the start of the frame that crosses the limit and only counts the ones after it', () => {
    const frames = createFrameCollector(10);
    frames.add(1, 'abcdef');
    frames.add(2, 'ghijkl');
    frames.add(3, 'mnop');
    frames.add(4, 'q');
    const result = frames.result();
    expect(result.frames).toEqual([
      { atMs: 1, text: 'abcdef' },
      { atMs: 2, text: `ghij${truncationMarker(2)}` },
    ]);
    expect(result).toMatchObject({ truncated: true, droppedFrames: 2, droppedChars: 2 + 4 + 1 });
  });

  it('drops a frame whole when the limit is reached exactly before it', () => {
    const frames = createFrameCollector(3);
    frames.add(1, 'abc');
    frames.add(2, 'd');
    expect(frames.result()).toEqual({
      frames: [{ atMs: 1, text: 'abc' }],
      truncated: true,
      droppedFrames: 1,
      droppedChars: 1,
    });
  });
});
