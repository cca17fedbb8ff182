/** What the comparison's parts agree on: the backend's answers and their shapes, and its timings. */

/** Markers the backend looks for in a request body to pick its answer. */
export const SLOW_STREAM_MARKER = 'bench-slow-stream';
export const BACKEND_MODEL = 'backend-model';
/** S4's shape: this many deltas, one every DELTA_INTERVAL_MS. */
export const SLOW_STREAM_DELTAS = 100;
export const DELTA_INTERVAL_MS = 100;
/** S3's streamed answer. */
export const FAST_STREAM_DELTAS = 200;

/**
 * How long the proxies sit idle before their memory at rest is read. V8's memory reducer,
 * which gives back the young generation start-up grew, checks 8 s after start-up's last full
 * collection and again every 8 s; with `--trace-gc` its first check here still counts
 * start-up's allocation as recent, and it shrinks the heap at the second, ~16 s after start
 * (infiniproxy then drops from ~90 to ~73 MiB). The 12 s read here before read after it in
 * some windows and before it in others; 30 s leaves room for a third check.
 */
export const REST_SETTLE_MS = 30_000;
