import type { ExchangeSummary } from './exchange.js';

/** One virtual key's share of the exchanges kept; `key` is null for requests made without one. */
export interface KeyUsage {
  key: { id: string; name: string } | null;
  requests: number;
  /** Requests that ended with a status of 400 or more (499: the client left). */
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  /** The sum of the priced exchanges; null when none of them had a price. */
  costUsd: number | null;
}

/**
 * Usage by virtual key over finished exchanges, heaviest first (input plus output tokens),
 * requests without a virtual key last. Cheap: summaries only, never a body.
 */
export function sumUsageByKey(summaries: readonly ExchangeSummary[]): KeyUsage[] {
  const byKey = new Map<string | null, KeyUsage>();
  for (const summary of summaries) {
    if (!summary.done) continue;
    const id = summary.key?.id ?? null;
    let usage = byKey.get(id);
    if (!usage) {
      usage = {
        key: summary.key,
        requests: 0,
        errors: 0,
        inputTokens: 0,
        outputTokens: 0,
        cachedTokens: 0,
        costUsd: null,
      };
      byKey.set(id, usage);
    }
    usage.requests++;
    if (summary.status !== null && summary.status >= 400) usage.errors++;
    usage.inputTokens += summary.inputTokens ?? 0;
    usage.outputTokens += summary.outputTokens ?? 0;
    usage.cachedTokens += summary.cachedTokens ?? 0;
    if (summary.costUsd !== null) usage.costUsd = (usage.costUsd ?? 0) + summary.costUsd;
  }
  return [...byKey.values()].sort(
    (a, b) =>
      Number(a.key === null) - Number(b.key === null) ||
      b.inputTokens + b.outputTokens - (a.inputTokens + a.outputTokens),
  );
}
