export interface ImageSize {
  width: number;
  height: number;
}

/** Enough base64 for the fixed headers of PNG, GIF and WebP (48 bytes). */
const HEADER_CHARS = 64;
/** JPEG keeps its size in a frame header after any metadata segments; EXIF with a thumbnail can run to ~64 KB. */
const JPEG_SCAN_CHARS = 256 * 1024;

/**
 * Reads the pixel size from the header of a base64 PNG, JPEG, GIF or WebP image, decoding
 * only the first bytes. Undefined for other formats or a truncated or malformed header.
 */
export function parseImageSize(base64: string): ImageSize | undefined {
  const data = stripDataUrl(base64);
  const head = Buffer.from(data.slice(0, HEADER_CHARS), 'base64');
  if (isPng(head)) return readPng(head);
  if (isGif(head)) return readGif(head);
  if (isWebp(head)) return readWebp(head);
  if (head[0] === 0xff && head[1] === 0xd8)
    return readJpeg(Buffer.from(data.slice(0, JPEG_SCAN_CHARS), 'base64'));
  return undefined;
}

function stripDataUrl(value: string): string {
  if (!value.startsWith('data:')) return value;
  const comma = value.indexOf(',');
  return comma === -1 ? value : value.slice(comma + 1);
}

function isPng(bytes: Buffer): boolean {
  return (
    bytes.length >= 24 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.toString('latin1', 12, 16) === 'IHDR'
  );
}

function readPng(bytes: Buffer): ImageSize | undefined {
  return positive(bytes.readUInt32BE(16), bytes.readUInt32BE(20));
}

function isGif(bytes: Buffer): boolean {
  const signature = bytes.toString('latin1', 0, 6);
  return bytes.length >= 10 && (signature === 'GIF87a' || signature === 'GIF89a');
}

function readGif(bytes: Buffer): ImageSize | undefined {
  return positive(bytes.readUInt16LE(6), bytes.readUInt16LE(8));
}

function isWebp(bytes: Buffer): boolean {
  return (
    bytes.length >= 30 &&
    bytes.toString('latin1', 0, 4) === 'RIFF' &&
    bytes.toString('latin1', 8, 12) === 'WEBP'
  );
}

/** The three WebP layouts: lossy (VP8), lossless (VP8L) and extended (VP8X, which carries the canvas size). */
function readWebp(bytes: Buffer): ImageSize | undefined {
  const chunk = bytes.toString('latin1', 12, 16);
  if (chunk === 'VP8 ') {
    if (bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a) return undefined;
    return positive(bytes.readUInt16LE(26) & 0x3fff, bytes.readUInt16LE(28) & 0x3fff);
  }
  if (chunk === 'VP8L') {
    if (bytes[20] !== 0x2f) return undefined;
    const bits = bytes.readUInt32LE(21);
    return positive((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8X') return positive(bytes.readUIntLE(24, 3) + 1, bytes.readUIntLE(27, 3) + 1);
  return undefined;
}

/** Walks the marker segments to the first start-of-frame (SOF0–SOF15, except DHT, JPG and DAC). */
function readJpeg(bytes: Buffer): ImageSize | undefined {
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      offset += 2; // standalone markers carry no length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // end of image, or scan data before any frame
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (offset + 9 > bytes.length) return undefined;
      return positive(bytes.readUInt16BE(offset + 7), bytes.readUInt16BE(offset + 5));
    }
    offset += 2 + bytes.readUInt16BE(offset + 2);
  }
  return undefined;
}

function positive(width: number, height: number): ImageSize | undefined {
  return width > 0 && height > 0 ? { width, height } : undefined;
}
