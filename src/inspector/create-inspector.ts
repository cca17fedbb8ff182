import { type ExchangeRecord, type ExchangeSummary, summarize } from './exchange.js';
import type { ExchangeStore } from './exchange-store.js';

export type ExchangeListener = (summary: ExchangeSummary) => void;

/** The store and the page's live feed: every exchange put is also announced to the open pages. */
export interface Inspector {
  readonly store: ExchangeStore;
  /** Keeps a record and tells every listener about it. */
  put(record: ExchangeRecord): void;
  /** Listens for exchanges as they start and end; returns the function that stops listening. */
  subscribe(listener: ExchangeListener): () => void;
  /** Summaries of the exchanges whose bodies contain `query` (any case), newest first. */
  search(query: string): ExchangeSummary[];
}

export function createInspector(store: ExchangeStore): Inspector {
  const listeners = new Set<ExchangeListener>();
  return {
    store,
    put(record) {
      store.put(record);
      if (listeners.size === 0) return;
      const summary = summarize(record);
      for (const listener of listeners) listener(summary);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    search(query) {
      const needle = query.trim().toLowerCase();
      const records = store.list();
      const found = needle.length === 0 ? records : records.filter((record) => mentions(record, needle));
      return found.map(summarize);
    },
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
