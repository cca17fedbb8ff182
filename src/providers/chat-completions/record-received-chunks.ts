import type { AttemptInspector } from '../attempt-inspector.js';
import type { StreamConverter } from './create-stream-converter.js';

/** A converter that shows each upstream chunk to the inspector before converting it. */
export function recordReceivedChunks(
  converter: StreamConverter,
  inspector: AttemptInspector,
): StreamConverter {
  return {
    get finished() {
      return converter.finished;
    },
    get started() {
      return converter.started;
    },
    get failure() {
      return converter.failure;
    },
    start: () => converter.start(),
    push(bytes) {
      inspector.received(bytes);
      return converter.push(bytes);
    },
    end: () => converter.end(),
    fail: (error) => converter.fail(error),
  };
}
