import type { ExchangeRecord, ExchangeSummary, StoredExchange } from './exchange.js';
import type { ExchangeStore } from './exchange-store.js';
import { type KeyUsage, sumUsageByKey } from './sum-usage-by-key.js';

export type ExchangeListener = (summary: ExchangeSummary) => void;

/** What the table is narrowed to: text in any body, and the virtual key that made the request. */
export interface ExchangeQuery {
  /** Looked for in every body, any case; empty matches everything. */
  text?: string;
  /** A virtual key's id; NO_KEY for requests made without one. */
  keyId?: string;
}

/** The key filter's value for requests made with a static key or none. */
export const NO_KEY = 'none';

/** The store and the page's live feed: every exchange put is also announced to the open pages. */
export interface Inspector {
  readonly store: ExchangeStore;
  /** Keeps an exchange and tells every listener about it. */
  put(exchange: StoredExchange): void;
  /** Listens for exchanges as they start and end; returns the function that stops listening. */
  subscribe(listener: ExchangeListener): () => void;
  /** Summaries of the exchanges that match, newest first. */
  search(query: ExchangeQuery): ExchangeSummary[];
  /** Requests, tokens and cost of the exchanges kept, by the virtual key that made them. */
  usageByKey(): KeyUsage[];
}

export function createInspector(store: ExchangeStore): Inspector {
  const listeners = new Set<ExchangeListener>();
  return {
    store,
    put(exchange) {
      store.put(exchange);
      for (const listener of listeners) listener(exchange.summary);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    search(query) {
      const needle = (query.text ?? '').trim().toLowerCase();
      const { keyId } = query;
      let found = store.list();
      if (keyId) found = found.filter((exchange) => (exchange.summary.key?.id ?? NO_KEY) === keyId);
      // Only a text search reads the bodies, and so builds the records it looks through.
      if (needle.length > 0) found = found.filter((exchange) => mentions(exchange.record(), needle));
      return found.map((exchange) => exchange.summary);
    },
    usageByKey: () => sumUsageByKey(store.list().map((exchange) => exchange.summary)),
  };
}

/** Looks through every body of a record; the texts are already bounded by the size limit. */
function mentions(record: ExchangeRecord, needle: string): boolean {
  const texts: string[] = [];
  if (record.clientRequest) texts.push(record.clientRequest.text);
  if (record.clientAnswer) texts.push(record.clientAnswer.text);
  for (const frame of record.clientFrames?.frames ?? []) texts.push(frame.text);
  for (const attempt of record.attemptDetails) {
    if (attempt.request) texts.push(attempt.request.text);
    if (attempt.answer) texts.push(attempt.answer.text);
    if (attempt.error) texts.push(attempt.error);
    for (const frame of attempt.frames?.frames ?? []) texts.push(frame.text);
  }
  if (record.error) texts.push(record.error);
  return texts.some((text) => text.toLowerCase().includes(needle));
}
