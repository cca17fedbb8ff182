import { parseDuration } from '../keys/parse-duration.js';

/** `7d` (that long ago) or a date `2026-01-31` (its midnight, UTC) → milliseconds since the epoch. */
export function parseSince(text: string, now: number): number | undefined {
  const duration = parseDuration(text);
  if (duration !== undefined) return now - duration;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text.trim())) return undefined;
  const date = Date.parse(`${text.trim()}T00:00:00Z`);
  return Number.isNaN(date) ? undefined : date;
}
