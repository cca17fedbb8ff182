import { Writable } from 'node:stream';

export interface CapturedLogs {
  destination: Writable;
  /** Everything written so far, as written (a leaked secret would show here). */
  text(): string;
  /** The lines parsed as JSON (JSON log format only). */
  entries(): Record<string, unknown>[];
}

/** A log destination that keeps the proxy's log output in memory for assertions. */
export function captureLogLines(): CapturedLogs {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  return {
    destination,
    text: () => chunks.join(''),
    entries: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
