/**
 * The hand-written parts measured against the well-kept libraries that do the same job:
 * the SSE reader (src/upstream/parse-sse.ts) against eventsource-parser, fed the same
 * 1400-byte network segments (the library takes text, so its figure includes the streaming
 * UTF-8 decode it needs in front of it), and the image header reader
 * (src/tokens/parse-image-size.ts) against image-size, from the base64 a request carries.
 */
import { createParser } from 'eventsource-parser';
import { imageSize } from 'image-size';
import { parseImageSize } from '../src/tokens/parse-image-size.js';
import { createSseParser, type SseEvent } from '../src/upstream/parse-sse.js';
import { buildGif, buildJpeg, buildPng, buildWebp } from '../test/helpers/build-image.js';
import { measureThroughput, type ThroughputResult } from './measure.js';
import { loadStreamCorpus } from './stream.bench.js';

export function benchSseReaders(): ThroughputResult[] {
  const { corpus, long } = loadStreamCorpus();
  const ours = (segments: Buffer[]) => {
    const parser = createSseParser();
    let events = 0;
    for (const segment of segments) events += parser.push(segment).length;
    return events + parser.end().length;
  };
  // Both hand each segment's events over as a list of { event, data }, as the proxy's
  // converters read them, so neither side is spared the objects the other builds.
  const library = (segments: Buffer[]) => {
    let events = 0;
    let out: SseEvent[] = [];
    const parser = createParser({
      onEvent: (message) => {
        out.push({ event: message.event, data: message.data });
      },
    });
    const decoder = new TextDecoder();
    for (const segment of segments) {
      parser.feed(decoder.decode(segment, { stream: true }));
      events += out.length;
      out = [];
    }
    parser.feed(decoder.decode());
    return events + out.length;
  };
  let next = 0;
  let nextLibrary = 0;
  return [
    measureThroughput('parse-sse.ts, fixture corpus', () => ours(corpus[next++ % corpus.length]!.segments)),
    measureThroughput('eventsource-parser, fixture corpus', () =>
      library(corpus[nextLibrary++ % corpus.length]!.segments),
    ),
    measureThroughput('parse-sse.ts, long answer', () => ours(long.segments)),
    measureThroughput('eventsource-parser, long answer', () => library(long.segments)),
  ];
}

export interface ImageSizeRow {
  name: string;
  nsPerImage: number;
}

export function benchImageSize(): ImageSizeRow[] {
  const images = [
    buildPng(1920, 1080),
    buildGif(640, 480),
    buildWebp('lossy', 800, 600),
    buildJpeg(4000, 3000, 30_000),
  ];
  const time = (name: string, read: (base64: string) => unknown): ImageSizeRow => {
    for (let index = 0; index < 2000; index++) read(images[index % images.length]!);
    const iterations = 20_000;
    const start = process.hrtime.bigint();
    for (let index = 0; index < iterations; index++) read(images[index % images.length]!);
    return { name, nsPerImage: Number(process.hrtime.bigint() - start) / iterations };
  };
  return [
    time('parse-image-size.ts (decodes the header only)', parseImageSize),
    time('image-size (whole image decoded from base64)', (base64) =>
      imageSize(Buffer.from(base64, 'base64')),
    ),
  ];
}
