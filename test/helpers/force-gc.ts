import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection, for heap comparisons. Uses the runtime's gc when node ran with
 * --expose-gc, otherwise turns the flag on and takes gc from a fresh context.
 */
export async function forceGc(): Promise<void> {
  const existing = (globalThis as { gc?: () => void }).gc;
  let gc = existing;
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  // Twice, with a turn of the event loop between, so finalizers and weak callbacks settle.
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
}
