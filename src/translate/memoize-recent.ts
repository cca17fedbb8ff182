/**
 * `compute` with its recent results kept by key: for values the request path derives again on
 * every turn of a conversation (a SHA-256 of the same user id, of the same long tool name).
 * At most `maxEntries` are kept (all are dropped when that many are reached, which costs one
 * recomputation each and keeps no bookkeeping per hit), and keys longer than `maxKeyLength`
 * are computed each time, so no client can park unbounded memory in it.
 */
export function memoizeRecent(
  compute: (key: string) => string,
  options: { maxEntries: number; maxKeyLength: number },
): (key: string) => string {
  const kept = new Map<string, string>();
  return (key) => {
    if (key.length > options.maxKeyLength) return compute(key);
    let value = kept.get(key);
    if (value === undefined) {
      if (kept.size >= options.maxEntries) kept.clear();
      value = compute(key);
      kept.set(key, value);
    }
    return value;
  };
}
