import type { CapturedFrame, CapturedFrames, CapturedText } from './exchange.js';

/** Appended to a body cut at the size limit, so nobody mistakes it for the whole. */
export function truncationMarker(droppedChars: number): string {
  return `\n… [truncated by the inspector: ${droppedChars} more characters]`;
}

/**
 * A body cut to `maxChars` characters (INSPECTOR_MAX_BODY_KB × 1024). The kept part is
 * copied, because a slice of a large string keeps the whole original alive in V8.
 */
export function limitText(text: string, maxChars: number): CapturedText {
  if (text.length <= maxChars) return { text, truncated: false, length: text.length };
  const kept = Buffer.from(text.slice(0, maxChars), 'utf8').toString('utf8');
  return {
    text: kept + truncationMarker(text.length - maxChars),
    truncated: true,
    length: text.length,
  };
}

/** Collects a stream's pieces up to a total of `maxChars` characters; later ones are only counted. */
export interface FrameCollector {
  add(atMs: number, text: string): void;
  result(): CapturedFrames;
}

export function createFrameCollector(maxChars: number): FrameCollector {
  const frames: CapturedFrame[] = [];
  let kept = 0;
  let full = false;
  let droppedFrames = 0;
  let droppedChars = 0;
  return {
    add(atMs, text) {
      const room = maxChars - kept;
      if (!full && text.length <= room) {
        frames.push({ atMs, text });
        kept += text.length;
        return;
      }
      if (!full && room > 0) {
        // The piece that crosses the limit is kept in part, marked, so the limit is used up exactly.
        frames.push({ atMs, text: limitText(text, room).text });
        droppedChars += text.length - room;
      } else {
        droppedFrames++;
        droppedChars += text.length;
      }
      full = true;
      kept = maxChars;
    },
    result() {
      return { frames, truncated: full, droppedFrames, droppedChars };
    },
  };
}
