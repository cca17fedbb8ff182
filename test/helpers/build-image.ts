import { crc32, deflateSync } from 'node:zlib';

/**
 * Minimal images built from the published format specifications (PNG: RFC 2083; GIF89a;
 * JPEG: ITU T.81 markers; WebP: RFC 9649 container), as base64 the way Anthropic image
 * blocks carry them. Only headers matter to the proxy; PNGs are complete and decodable.
 */

/** A complete black greyscale PNG. */
export function buildPng(width: number, height: number): string {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  // Each scanline: filter byte 0, then one byte per pixel.
  const pixels = deflateSync(Buffer.alloc((width + 1) * height));
  return Buffer.concat([
    signature,
    pngChunk('IHDR', header),
    pngChunk('IDAT', pixels),
    pngChunk('IEND', Buffer.alloc(0)),
  ]).toString('base64');
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData), 0);
  return Buffer.concat([length, typeAndData, crc]);
}

/** A GIF89a header and logical screen descriptor followed by the trailer. */
export function buildGif(width: number, height: number): string {
  const bytes = Buffer.alloc(14);
  bytes.write('GIF89a', 0, 'latin1');
  bytes.writeUInt16LE(width, 6);
  bytes.writeUInt16LE(height, 8);
  bytes[13] = 0x3b;
  return bytes.toString('base64');
}

/** SOI, a JFIF APP0 segment, `metadataBytes` of APP1 (EXIF) segments, a baseline frame header (SOF0), EOI. */
export function buildJpeg(width: number, height: number, metadataBytes = 0): string {
  const parts: Buffer[] = [Buffer.from([0xff, 0xd8])];
  const jfif = Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1');
  parts.push(jpegSegment(0xe0, jfif));
  for (let left = metadataBytes; left > 0; left -= 60_000) {
    parts.push(jpegSegment(0xe1, Buffer.alloc(Math.min(left, 60_000), 0x2a)));
  }
  const frame = Buffer.alloc(15);
  frame[0] = 8; // precision
  frame.writeUInt16BE(height, 1);
  frame.writeUInt16BE(width, 3);
  frame[5] = 3; // components
  parts.push(jpegSegment(0xc0, frame));
  parts.push(Buffer.from([0xff, 0xd9]));
  return Buffer.concat(parts).toString('base64');
}

function jpegSegment(marker: number, data: Buffer): Buffer {
  const header = Buffer.from([0xff, marker, 0, 0]);
  header.writeUInt16BE(data.length + 2, 2);
  return Buffer.concat([header, data]);
}

export type WebpKind = 'lossy' | 'lossless' | 'extended';

/** A RIFF/WEBP container holding the first bytes of a VP8, VP8L or VP8X chunk. */
export function buildWebp(kind: WebpKind, width: number, height: number): string {
  const bytes = Buffer.alloc(40);
  bytes.write('RIFF', 0, 'latin1');
  bytes.writeUInt32LE(bytes.length - 8, 4);
  bytes.write('WEBP', 8, 'latin1');
  bytes.writeUInt32LE(bytes.length - 20, 16);
  switch (kind) {
    case 'lossy':
      bytes.write('VP8 ', 12, 'latin1');
      bytes.set([0x9d, 0x01, 0x2a], 23);
      bytes.writeUInt16LE(width, 26);
      bytes.writeUInt16LE(height, 28);
      break;
    case 'lossless':
      bytes.write('VP8L', 12, 'latin1');
      bytes[20] = 0x2f;
      bytes.writeUInt32LE(((width - 1) | ((height - 1) << 14)) >>> 0, 21);
      break;
    case 'extended':
      bytes.write('VP8X', 12, 'latin1');
      bytes.writeUIntLE(width - 1, 24, 3);
      bytes.writeUIntLE(height - 1, 27, 3);
      break;
  }
  return bytes.toString('base64');
}
