import { Client } from '../upstream/undici.js';
import { NAME } from '../version.js';

const PROBE_TIMEOUT_MS = 1000;

/** True when an infiniproxy answers GET / at this origin; false for nothing listening or anything else. */
export async function probeProxy(origin: string): Promise<boolean> {
  // A client of its own, closed at once, so no keep-alive socket holds the process open.
  const client = new Client(origin, { connectTimeout: PROBE_TIMEOUT_MS, headersTimeout: PROBE_TIMEOUT_MS });
  try {
    const response = await client.request({
      method: 'GET',
      path: '/',
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    const text = await response.body.text();
    if (response.statusCode !== 200) return false;
    const body = JSON.parse(text) as { name?: unknown };
    return body.name === NAME;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => undefined);
  }
}
