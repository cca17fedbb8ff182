import { setTimeout as sleep } from 'node:timers/promises';

const MINUTE_MS = 60_000;

/**
 * The rpm and tpm windows are whole minutes of the clock (Redis's or the process's, both
 * this machine's), so requests that straddle a minute's end are counted in two windows and
 * more of them pass. A test that counts refusals first waits out the last `marginMs` of the
 * minute it is in.
 */
export async function clearOfMinuteEdge(marginMs = 8_000): Promise<void> {
  const left = MINUTE_MS - (Date.now() % MINUTE_MS);
  if (left < marginMs) await sleep(left + 50);
}
