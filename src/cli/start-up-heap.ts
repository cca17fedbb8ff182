import { setFlagsFromString } from 'node:v8';

/**
 * V8's young generation grows by this factor whenever a scavenge finds most of it survived,
 * up to 16 MiB per semi-space (2 is V8's default). Start-up is nothing but survivors: the code
 * of ~300 modules, the schemas, the routes. So loading the proxy grows the young generation
 * to its maximum in the first few hundred milliseconds, and it stays committed (~12 MiB
 * resident, measured after a full GC) until V8's memory reducer notices the process is idle,
 * 8–10 s later. Held at 1 while the command starts, the young generation stays at 1 MiB and
 * what survives goes to the old generation, where it belongs; restored once the server
 * listens, so a proxy under load grows its young generation exactly as before.
 */
const GROWTH_FLAG = 'semi-space-growth-factor';
const V8_DEFAULT_GROWTH = 2;

let held = false;

/** Keeps the young generation at its initial size until releaseYoungGeneration(). */
export function holdYoungGeneration(): void {
  // A factor the operator chose (node --semi-space-growth-factor, NODE_OPTIONS) stays theirs.
  const given = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
  if (given.includes(GROWTH_FLAG) || given.includes(GROWTH_FLAG.replaceAll('-', '_'))) return;
  setFlagsFromString(`--${GROWTH_FLAG}=1`);
  held = true;
}

/** Lets the young generation grow again (V8's default); a no-op unless it was held. */
export function releaseYoungGeneration(): void {
  if (!held) return;
  held = false;
  setFlagsFromString(`--${GROWTH_FLAG}=${V8_DEFAULT_GROWTH}`);
}
