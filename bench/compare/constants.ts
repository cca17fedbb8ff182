/** What the backend and the load generator agree on: answers and their shapes. */

/** Markers the backend looks for in a request body to pick its answer. */
export const SLOW_STREAM_MARKER = 'bench-slow-stream';
export const BACKEND_MODEL = 'backend-model';
/** S4's shape: this many deltas, one every DELTA_INTERVAL_MS. */
export const SLOW_STREAM_DELTAS = 100;
export const DELTA_INTERVAL_MS = 100;
/** S3's streamed answer. */
export const FAST_STREAM_DELTAS = 200;
