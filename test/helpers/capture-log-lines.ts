import type { DestinationStream } from 'pino';

export interface CapturedLogs {
  destination: DestinationStream;
  /** Every line written so far, as written (secrets would show here). */
  text(): string;
  /** The lines parsed as JSON. */
  entries(): Record<string, unknown>[];
}

/** A pino destination that keeps the proxy's log lines in memory for assertions. */
export function captureLogLines(): CapturedLogs {
  const lines: string[] = [];
  return {
    destination: { write: (line: string) => void lines.push(line) },
    text: () => lines.join(''),
    entries: () =>
      lines
        .join('')
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
