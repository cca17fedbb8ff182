import { describe, expect, it } from 'vitest';
import { parseImageSize } from '../../src/tokens/parse-image-size.js';
import { buildGif, buildJpeg, buildPng, buildWebp } from '../helpers/build-image.js';

describe('parseImageSize', () => {
  it.each([
    ['PNG', buildPng(640, 480)],
    ['GIF', buildGif(640, 480)],
    ['JPEG', buildJpeg(640, 480)],
    ['lossy WebP', buildWebp('lossy', 640, 480)],
    ['lossless WebP', buildWebp('lossless', 640, 480)],
    ['extended WebP', buildWebp('extended', 640, 480)],
  ])('reads 640x480 from a %s header', (_format, data) => {
    expect(parseImageSize(data)).toEqual({ width: 640, height: 480 });
  });

  it('reads a JPEG frame header that follows 100 KB of EXIF segments', () => {
    expect(parseImageSize(buildJpeg(4032, 3024, 100_000))).toEqual({ width: 4032, height: 3024 });
  });

  it('reads the largest sizes each WebP layout can hold', () => {
    expect(parseImageSize(buildWebp('lossless', 16384, 16384))).toEqual({ width: 16384, height: 16384 });
    expect(parseImageSize(buildWebp('extended', 20000, 3))).toEqual({ width: 20000, height: 3 });
  });

  it('accepts a data URL', () => {
    expect(parseImageSize(`data:image/png;base64,${buildPng(3, 7)}`)).toEqual({ width: 3, height: 7 });
  });

  it.each([
    ['text that is not an image', Buffer.from('hello, this is not an image at all').toString('base64')],
    ['an empty string', ''],
    ['a PNG cut off inside its header', buildPng(10, 10).slice(0, 20)],
    ['a JPEG cut off before its frame header', buildJpeg(10, 10, 1000).slice(0, 200)],
    ['a PNG claiming zero width', buildPng(0, 10)],
  ])('returns undefined for %s', (_case, data) => {
    expect(parseImageSize(data)).toBeUndefined();
  });
});
