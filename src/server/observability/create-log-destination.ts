import type { DestinationStream } from 'pino';

/**
 * Wraps a log destination so no line leaves with a secret in it, whatever logged it and at
 * whatever level: a backend error that quotes its key, an `err` with request options, a
 * debug body. Each secret is removed both as written and as JSON escapes it inside a string.
 */
export function createRedactingDestination(
  target: DestinationStream,
  secrets: ReadonlyArray<string | undefined>,
): DestinationStream {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < 4) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  if (forms.size === 0) return target;
  const patterns = [...forms];
  return {
    write(line: string) {
      let text = line;
      for (const secret of patterns) if (text.includes(secret)) text = text.split(secret).join('[redacted]');
      target.write(text);
    },
  };
}
