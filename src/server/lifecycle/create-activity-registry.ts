import type { ProxyError } from '../../errors.js';

/** An open answer stream that shutdown can end early with an error event. */
export interface LiveStream {
  endWithError(error: ProxyError): void;
}

/** What the server is doing right now: requests in flight and the streams among them. */
export interface ActivityRegistry {
  requestStarted(): void;
  requestEnded(): void;
  /** Registers an open stream; the returned function unregisters it. */
  addStream(stream: LiveStream): () => void;
  readonly requestCount: number;
  readonly streamCount: number;
  /** True once shutdown has begun: new requests are turned away. */
  readonly draining: boolean;
  startDraining(): void;
  /** Resolves true once no request is in flight, or false when `timeoutMs` passes first. */
  whenIdle(timeoutMs: number): Promise<boolean>;
  /** Ends every open stream with an error event. */
  endStreams(error: ProxyError): void;
}

export function createActivityRegistry(): ActivityRegistry {
  let requestCount = 0;
  let draining = false;
  const streams = new Set<LiveStream>();
  const idleWaiters = new Set<() => void>();

  return {
    requestStarted() {
      requestCount++;
    },
    requestEnded() {
      requestCount = Math.max(0, requestCount - 1);
      if (requestCount > 0) return;
      for (const wake of [...idleWaiters]) wake();
    },
    addStream(stream) {
      streams.add(stream);
      return () => {
        streams.delete(stream);
      };
    },
    get requestCount() {
      return requestCount;
    },
    get streamCount() {
      return streams.size;
    },
    get draining() {
      return draining;
    },
    startDraining() {
      draining = true;
    },
    whenIdle(timeoutMs) {
      if (requestCount === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const settle = (idle: boolean) => {
          clearTimeout(timer);
          idleWaiters.delete(wake);
          resolve(idle);
        };
        const wake = () => settle(true);
        const timer = setTimeout(() => settle(false), timeoutMs);
        idleWaiters.add(wake);
      });
    },
    endStreams(error) {
      for (const stream of [...streams]) stream.endWithError(error);
    },
  };
}
