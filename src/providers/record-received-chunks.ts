import type { AttemptInspector } from './attempt-inspector.js';

/**
 * The backend's body, each chunk shown to the inspector as it is read. The body is watched
 * rather than the converter because the proxy reads on after the answer is complete (the
 * trailing `data: [DONE]`, so the connection can be reused), and those bytes belong to
 * what the backend sent too.
 */
export function recordReceivedChunks(
  body: AsyncIterator<Buffer>,
  inspector: AttemptInspector,
): AsyncIterator<Buffer> {
  return {
    async next() {
      let result: IteratorResult<Buffer>;
      try {
        result = await body.next();
      } catch (error) {
        inspector.ended();
        throw error;
      }
      if (result.done) inspector.ended();
      else inspector.received(result.value);
      return result;
    },
    return(value?: unknown) {
      inspector.ended();
      return body.return ? body.return(value) : Promise.resolve({ done: true, value: undefined });
    },
  };
}
