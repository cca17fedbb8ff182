// The page's only way to the proxy: every request carries the proxy key in a header (never
// in a URL), and the live feed is read with fetch because EventSource cannot send headers.

const KEY_STORAGE = 'infiniproxy.inspector.key';

export class AccessError extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** @returns {string | null} */
export function storedKey() {
  return sessionStorage.getItem(KEY_STORAGE);
}

/** @param {string | null} key */
export function storeKey(key) {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

/** @returns {Record<string, string>} */
export function authHeaders() {
  const key = storedKey();
  return key ? { 'x-api-key': key } : {};
}

/** @param {Response} response */
async function failure(response) {
  let message = `HTTP ${response.status}`;
  try {
    const body = await response.json();
    if (body?.error?.message) message = body.error.message;
  } catch {
    // Not JSON: the status says enough.
  }
  return new AccessError(response.status, message);
}

/** @param {string} path */
export async function getJson(path) {
  const response = await fetch(path, { headers: authHeaders(), cache: 'no-store' });
  if (!response.ok) throw await failure(response);
  return response.json();
}

/** @param {string} query */
export function listExchanges(query) {
  const suffix = query ? `?q=${encodeURIComponent(query)}` : '';
  return getJson(`/ui/api/exchanges${suffix}`);
}

/** @param {string} id */
export function getExchange(id) {
  return getJson(`/ui/api/exchanges/${encodeURIComponent(id)}`);
}

/**
 * Sends a recorded client request again, as a client would, and reads the answer to its
 * end; the new exchange arrives through the feed like any other.
 * @param {string} body
 */
export async function replay(body) {
  const response = await fetch('/v1/messages', {
    method: 'POST',
    headers: { ...authHeaders(), 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body,
  });
  await response.text();
  return { status: response.status, requestId: response.headers.get('request-id') };
}

/**
 * Follows the live feed until `signal` aborts, reconnecting after a drop. Each `exchange`
 * event is handed to onExchange; onState hears 'live', 'reconnecting' or an AccessError.
 * @param {{ onExchange: (summary: any) => void, onState: (state: string | AccessError) => void, signal: AbortSignal }} options
 */
export async function followFeed({ onExchange, onState, signal }) {
  while (!signal.aborted) {
    try {
      const response = await fetch('/ui/api/events', { headers: authHeaders(), signal, cache: 'no-store' });
      if (!response.ok || !response.body) {
        onState(await failure(response));
        return;
      }
      onState('live');
      await readEvents(response.body, (event, data) => {
        if (event === 'exchange') onExchange(JSON.parse(data));
      });
    } catch (error) {
      if (signal.aborted) return;
      console.warn('inspector feed dropped', error);
    }
    onState('reconnecting');
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

/**
 * @param {ReadableStream<Uint8Array>} body
 * @param {(event: string, data: string) => void} onEvent
 */
async function readEvents(body, onEvent) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      let data = '';
      for (const line of frame.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data += line.slice(6);
      }
      if (data) onEvent(event, data);
      end = buffer.indexOf('\n\n');
    }
  }
}
