import type { ImageSize } from './parse-image-size.js';

/** Anthropic's published estimate: an image costs about width × height / 750 tokens. */
const PIXELS_PER_TOKEN = 750;
/** Larger images are scaled down, keeping their aspect ratio, until both limits hold. */
const MAX_LONG_EDGE = 1568;
const MAX_IMAGE_TOKENS = 1600;

/** What an image of unknown size counts: the most any image costs after scaling, so the estimate errs high. */
export const UNKNOWN_IMAGE_TOKENS = MAX_IMAGE_TOKENS;

export function estimateImageTokens(size: ImageSize | undefined): number {
  if (!size) return UNKNOWN_IMAGE_TOKENS;
  const pixels = size.width * size.height;
  const edgeScale = MAX_LONG_EDGE / Math.max(size.width, size.height);
  const tokenScale = Math.sqrt((MAX_IMAGE_TOKENS * PIXELS_PER_TOKEN) / pixels);
  const scale = Math.min(1, edgeScale, tokenScale);
  return Math.min(MAX_IMAGE_TOKENS, Math.max(1, Math.ceil((pixels * scale * scale) / PIXELS_PER_TOKEN)));
}
