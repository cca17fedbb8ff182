import { setFlagsFromString } from 'node:v8';

/**
 * V8's own switch for how far the heap may grow past what a full collection left alive
 * (1 + percent / 100 times). 0, V8's default, lets V8 choose.
 */
const HEAP_GROWING_PERCENT = '--heap-growing-percent';

/** Twice what stays alive: room enough for marking not to start again at once (see below). */
const SERVING_HEAP_GROWING_PERCENT = 100;

/**
 * The flag a serving process sets, or nothing when node was started with its own
 * (`node --heap-growing-percent=0 dist/cli.js` gives V8 its own choice back).
 *
 * Why: once the proxy has sat idle for some seconds, V8's memory reducer shrinks the heap,
 * and from then on V8 lets the heap grow only slowly: at most 1.3 times what a full
 * collection left alive, with an 8 MiB minimum, whatever its own estimate (4 times, under
 * load; V8's --trace-gc-verbose prints both). With the ~20 MiB that stays alive in the
 * proxy, that leaves less free room than V8 wants before it starts marking, so under the
 * next burst of load each full collection is followed at once by the next, for as long as
 * the burst lasts: an 80 KB Claude Code turn then costs 0.8 ms of CPU instead of 0.3
 * (bench/NOTES.md, "The sixth round"). A fixed factor of 2 leaves that room, and half the
 * growth V8 would choose under load; the reducer still shrinks the heap at rest.
 */
export function heapGrowthFlag(execArgv: readonly string[]): string | undefined {
  // V8 reads its flags' names with - and _ alike.
  const own = execArgv.some((argument) => argument.replaceAll('_', '-').startsWith(HEAP_GROWING_PERCENT));
  return own ? undefined : `${HEAP_GROWING_PERCENT}=${SERVING_HEAP_GROWING_PERCENT}`;
}

/** Applies heapGrowthFlag to this process; V8 reads the flag at every collection. */
export function steadyHeapGrowth(execArgv: readonly string[] = process.execArgv): void {
  const flag = heapGrowthFlag(execArgv);
  if (flag) setFlagsFromString(flag);
}
