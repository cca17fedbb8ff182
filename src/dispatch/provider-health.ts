import type { CooldownPolicy } from '../config/config.js';

/** A held concurrency slot; release it exactly once, when the backend's answer is done. */
export type ReleaseSlot = () => void;

export interface ProviderHealth {
  /** True while the provider sits out its cooldown after too many failures in a row. */
  coolingDown(): boolean;
  /** A retryable failure; enough of them in a row start a cooldown. */
  recordFailure(): void;
  /** Any success ends the run of failures. */
  recordSuccess(): void;
  /**
   * A concurrency slot, at once when one is free, else after waiting in line for at most
   * `waitMs`; undefined when none came in time or the request was abandoned.
   */
  acquire(waitMs: number, signal: AbortSignal): Promise<ReleaseSlot | undefined>;
  /** A slot when one is free now, else undefined; never waits. */
  tryAcquire(): ReleaseSlot | undefined;
  readonly inFlight: number;
  readonly queued: number;
  /** A cooldown another instance started (shared state); this instance sits it out too. */
  coolFor(ms: number): void;
  /** Told whenever this instance starts a cooldown, so it can be shared. */
  onCooldown(listener: ((ms: number) => void) | undefined): void;
}

export interface ProviderHealthOptions {
  cooldown: CooldownPolicy;
  /** Requests in flight at most; undefined for no limit. */
  maxConcurrency: number | undefined;
  /** Milliseconds, monotonic; tests pass their own clock. */
  now?: () => number;
}

interface Waiter {
  grant(release: ReleaseSlot): void;
}

/**
 * The per-provider state the dispatcher consults: consecutive failures and the cooldown
 * they cause, and a fixed number of slots with a first-come, first-served line for the rest.
 */
export function createProviderHealth(options: ProviderHealthOptions): ProviderHealth {
  const now = options.now ?? (() => performance.now());
  const { failures: failureLimit, cooldownMs } = options.cooldown;
  let consecutiveFailures = 0;
  let coolUntil = Number.NEGATIVE_INFINITY;
  let inFlight = 0;
  const line: Waiter[] = [];
  let cooldownListener: ((ms: number) => void) | undefined;

  const release = (): void => {
    const next = line.shift();
    if (next) next.grant(once(release));
    else inFlight--;
  };
  const limit = options.maxConcurrency ?? Number.POSITIVE_INFINITY;

  function takeFreeSlot(): ReleaseSlot | undefined {
    if (inFlight >= limit) return undefined;
    inFlight++;
    return once(release);
  }

  return {
    coolingDown: () => now() < coolUntil,
    recordFailure() {
      consecutiveFailures++;
      if (consecutiveFailures >= failureLimit) {
        coolUntil = now() + cooldownMs;
        consecutiveFailures = 0;
        cooldownListener?.(cooldownMs);
      }
    },
    recordSuccess() {
      consecutiveFailures = 0;
      coolUntil = Number.NEGATIVE_INFINITY;
    },
    tryAcquire: takeFreeSlot,
    acquire(waitMs, signal) {
      const free = takeFreeSlot();
      if (free) return Promise.resolve(free);
      if (waitMs <= 0 || signal.aborted) return Promise.resolve(undefined);
      return new Promise((resolve) => {
        const giveUp = () => {
          const index = line.indexOf(waiter);
          if (index >= 0) line.splice(index, 1);
          clearTimeout(timer);
          signal.removeEventListener('abort', giveUp);
          resolve(undefined);
        };
        const waiter: Waiter = {
          grant(slot) {
            clearTimeout(timer);
            signal.removeEventListener('abort', giveUp);
            resolve(slot);
          },
        };
        const timer = setTimeout(giveUp, waitMs);
        signal.addEventListener('abort', giveUp, { once: true });
        line.push(waiter);
      });
    },
    get inFlight() {
      return inFlight;
    },
    get queued() {
      return line.length;
    },
    coolFor(ms) {
      coolUntil = Math.max(coolUntil, now() + ms);
    },
    onCooldown(listener) {
      cooldownListener = listener;
    },
  };
}

/** A release that a double call cannot turn into two freed slots. */
function once(release: () => void): ReleaseSlot {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    release();
  };
}
