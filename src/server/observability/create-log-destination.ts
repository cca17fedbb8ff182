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

/** A destination that can also write out what it holds at once. */
export interface CoalescingDestination extends DestinationStream {
  flush(): void;
}

/** The flushes of destinations holding lines, run before the process exits. */
const holding = new Set<() => void>();
let exitHooked = false;
/** Set once the process is exiting: a line logged after that (another exit listener's) is written at once. */
let exiting = false;

/**
 * Holds the lines logged in one turn of the event loop and writes them in one write when the
 * turn ends. Every request logs a line when it ends, and a write is a system call (~6 µs to
 * /dev/null in the benchmark's profile, more to a pipe): under load several requests end in
 * one turn. The target is written synchronously, so a line is at most one turn late, and
 * whatever is held is written before the process exits, after a crash too; only a process
 * killed outright loses the lines of its last turn. pino's destination can buffer too
 * (SonicBoom's `minLength`), but by size: a quiet proxy's last line would wait for the next
 * requests' lines, where here it waits for the end of the turn.
 */
export function createCoalescingDestination(target: DestinationStream): CoalescingDestination {
  let held = '';
  const flush = () => {
    holding.delete(flush);
    if (held === '') return;
    const text = held;
    held = '';
    target.write(text);
  };
  if (!exitHooked) {
    exitHooked = true;
    process.once('exit', () => {
      exiting = true;
      for (const pending of holding) pending();
    });
  }
  return {
    write(line: string) {
      if (exiting) {
        target.write(line);
        return;
      }
      held += line;
      if (holding.has(flush)) return;
      holding.add(flush);
      setImmediate(flush);
    },
    flush,
  };
}
