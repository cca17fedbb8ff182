import { Agent, fetch } from 'undici';
import type { ExchangeRecord, ExchangeSummary } from '../../src/inspector/exchange.js';

export interface InspectorFeed {
  /** Every summary the feed has delivered so far, in order. */
  received: ExchangeSummary[];
  /** Resolves with the first summary (already received or still to come) that matches. */
  next(matches: (summary: ExchangeSummary) => boolean): Promise<ExchangeSummary>;
  /** Resolves when the server ends the feed. */
  ended: Promise<void>;
  close(): void;
}

/**
 * Follows /ui/api/events the way the page does (fetch, the key in a header) and collects
 * its `exchange` events, so a test can wait for an exchange to be recorded instead of sleeping.
 */
export async function openInspectorFeed(
  proxyUrl: string,
  headers: Record<string, string> = {},
): Promise<InspectorFeed> {
  // A pool of its own: closing the feed destroys its connection without disturbing the
  // connections the test's other requests share.
  const agent = new Agent();
  const response = await fetch(`${proxyUrl}/ui/api/events`, { headers, dispatcher: agent });
  if (response.status !== 200 || !response.body) throw new Error(`feed answered ${response.status}`);
  const received: ExchangeSummary[] = [];
  const waiters: Array<{
    matches: (summary: ExchangeSummary) => boolean;
    resolve: (summary: ExchangeSummary) => void;
  }> = [];
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const ended = (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame.split('\n').find((line) => line.startsWith('data: '));
          if (frame.startsWith('event: exchange') && data) {
            const summary = JSON.parse(data.slice(6)) as ExchangeSummary;
            received.push(summary);
            for (const waiter of [...waiters]) {
              if (!waiter.matches(summary)) continue;
              waiters.splice(waiters.indexOf(waiter), 1);
              waiter.resolve(summary);
            }
          }
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // Cut by close().
    }
  })();
  return {
    received,
    next(matches) {
      const seen = received.find(matches);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ matches, resolve }));
    },
    ended,
    close: () => {
      void agent.destroy();
    },
  };
}

/** GETs an inspector data route and parses the JSON. */
export async function getInspectorJson<T = unknown>(
  proxyUrl: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${proxyUrl}${path}`, { headers });
  return { status: response.status, body: (await response.json()) as T };
}

export type { ExchangeRecord, ExchangeSummary };
