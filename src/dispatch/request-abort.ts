import type { UpstreamSignal } from '../upstream/undici.js';

/**
 * Whether a client's request was given up (the client went away, or the stream stopped the
 * backend after an error), and the attempts to stop when it is. Plain objects rather than
 * AbortControllers: in Node 20 making a controller's signal costs ~3 µs (an EventTarget with
 * a hidden class of its own) and listening on it ~1 µs more, on every request. Only a wait
 * (a provider's concurrency slot, a retry's pause) needs a real AbortSignal, and it is made
 * then.
 */
export interface RequestAbort {
  readonly aborted: boolean;
  abort(): void;
  /** One attempt's abort, aborted with the request (at once when it already was). */
  follow(): AttemptAbort;
  /** The request as an AbortSignal, for waits; made on first use. */
  signal(): AbortSignal;
  /** Throws the AbortError an aborted signal throws. */
  throwIfAborted(): void;
}

const abortError = () => new DOMException('This operation was aborted', 'AbortError');

/** An attempt's signal and the means to abort it, in one object. */
export class AttemptAbort implements UpstreamSignal {
  aborted = false;
  reason: unknown = undefined;
  /** Undici adds one listener per request and removes it when the request ends. */
  private listeners: Array<() => void> | undefined = undefined;

  get signal(): UpstreamSignal {
    return this;
  }

  addEventListener(_type: 'abort', listener: () => void): void {
    if (this.aborted) return;
    this.listeners ??= [];
    this.listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const index = this.listeners?.indexOf(listener) ?? -1;
    if (index >= 0) this.listeners!.splice(index, 1);
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = abortError();
    const listeners = this.listeners;
    this.listeners = undefined;
    // Each listener once, as with { once: true }: the same listener is never told twice.
    if (listeners) for (const listener of listeners) listener();
  }
}

export function createRequestAbort(): RequestAbort {
  return new ClientRequestAbort();
}

/** A class, not an object literal with a getter: see Mutable. */
class ClientRequestAbort implements RequestAbort {
  aborted = false;
  private followers: AttemptAbort[] = [];
  private waits: AbortController | undefined = undefined;

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    for (const follower of this.followers) follower.abort();
    this.followers = [];
    this.waits?.abort();
  }

  follow(): AttemptAbort {
    const attempt = new AttemptAbort();
    if (this.aborted) attempt.abort();
    else this.followers.push(attempt);
    return attempt;
  }

  signal(): AbortSignal {
    this.waits ??= new AbortController();
    if (this.aborted) this.waits.abort();
    return this.waits.signal;
  }

  throwIfAborted(): void {
    if (this.aborted) throw abortError();
  }
}
