/**
 * Whether a client's request was given up (the client went away, or the stream stopped the
 * backend after an error), and the attempts to stop when it is. A plain object rather than
 * an AbortController: making one costs ~2 µs in Node 20 (its signal is an EventTarget with a
 * hidden class of its own), and every request made two, its own and its attempt's. Now only
 * the attempt's controller is made on every request; a signal for the request itself is made
 * when something waits on it (a provider's concurrency slot, a retry's pause).
 */
export interface RequestAbort {
  readonly aborted: boolean;
  abort(): void;
  /** A controller for one attempt, aborted with the request (at once when it already was). */
  follow(): AbortController;
  /** The request as an AbortSignal, for waits; made on first use. */
  signal(): AbortSignal;
  /** Throws the AbortError an aborted signal throws. */
  throwIfAborted(): void;
}

export function createRequestAbort(): RequestAbort {
  let aborted = false;
  let followers: AbortController[] = [];
  let waits: AbortController | undefined;
  return {
    get aborted() {
      return aborted;
    },
    abort() {
      if (aborted) return;
      aborted = true;
      for (const follower of followers) follower.abort();
      followers = [];
      waits?.abort();
    },
    follow() {
      const controller = new AbortController();
      if (aborted) controller.abort();
      else followers.push(controller);
      return controller;
    },
    signal() {
      waits ??= new AbortController();
      if (aborted) waits.abort();
      return waits.signal;
    },
    throwIfAborted() {
      if (aborted) throw new DOMException('This operation was aborted', 'AbortError');
    },
  };
}
