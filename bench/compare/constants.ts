/** What the comparison's parts agree on: the backend's answers and their shapes, and when the proxies are at rest. */

/** Markers the backend looks for in a request body to pick its answer. */
export const SLOW_STREAM_MARKER = 'bench-slow-stream';
export const BACKEND_MODEL = 'backend-model';
/** S4's shape: this many deltas, one every DELTA_INTERVAL_MS. */
export const SLOW_STREAM_DELTAS = 100;
export const DELTA_INTERVAL_MS = 100;
/** S3's streamed answer. */
export const FAST_STREAM_DELTAS = 200;

/**
 * Memory at rest is read once a proxy's young generation is back to this size. Start-up
 * grows it (to 8 MiB in the floors, 32 MiB in infiniproxy), and V8's memory reducer gives it
 * back only after it finds the process's allocation rate low: with `--trace-gc-verbose` it
 * looks 8 s after start-up's last full collection and every 8 s after, and finds the rate
 * high until start-up's allocation has aged out of its measure, at 16 s for infiniproxy
 * started alone here and at 32 s beside two others starting at once. A fixed wait read
 * before it on some starts and after it on others; every process starts at 1 MiB.
 */
export const RESTED_YOUNG_GENERATION_BYTES = 2 * 1024 * 1024;
/** The longest the comparison waits for that; a reading after it is marked as not rested. */
export const REST_WAIT_MAX_MS = 60_000;
