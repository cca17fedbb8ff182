import { type LimitCounters, windowStart } from './limit-counters.js';

/**
 * The counters of a single instance: plain maps, swept as they expire. Correct for one
 * process; several instances need the Redis implementation to share them.
 */
export function createMemoryCounters(now: () => number = Date.now): LimitCounters {
  const values = new Map<string, { value: number; expiresAt: number }>();
  const slots = new Map<string, Map<string, number>>();
  let lastSweep = 0;

  const sweep = () => {
    const time = now();
    // At most once a second: the sweep walks every entry.
    if (time - lastSweep < 1000) return;
    lastSweep = time;
    for (const [key, entry] of values) if (entry.expiresAt <= time) values.delete(key);
  };
  const read = (key: string): number | undefined => {
    const entry = values.get(key);
    if (!entry || entry.expiresAt <= now()) return undefined;
    return entry.value;
  };
  const add = (key: string, amount: number, ttlMs: number) => {
    const current = read(key);
    values.set(key, { value: (current ?? 0) + amount, expiresAt: now() + ttlMs });
  };

  return {
    async takeRequest(key, limit, windowMs) {
      sweep();
      const start = windowStart(now(), windowMs);
      const windowKey = `${key}:${start}`;
      if ((read(windowKey) ?? 0) >= limit) return { ok: false, resetMs: start + windowMs - now() };
      add(windowKey, 1, windowMs);
      return { ok: true };
    },
    async readWindow(key, windowMs) {
      const start = windowStart(now(), windowMs);
      return { used: read(`${key}:${start}`) ?? 0, resetMs: start + windowMs - now() };
    },
    async addToWindow(key, amount, windowMs) {
      add(`${key}:${windowStart(now(), windowMs)}`, amount, windowMs);
    },
    async acquireSlot(key, member, max, staleMs) {
      const held = slots.get(key) ?? new Map<string, number>();
      for (const [holder, since] of held) if (now() - since > staleMs) held.delete(holder);
      if (held.size >= max) return false;
      held.set(member, now());
      slots.set(key, held);
      return true;
    },
    async releaseSlot(key, member) {
      const held = slots.get(key);
      held?.delete(member);
      if (held?.size === 0) slots.delete(key);
    },
    async admitSpend({ key, budgetNano, reserveNano, ttlMs, seed }) {
      sweep();
      let spent = read(`spent:${key}`);
      if (spent === undefined) {
        const seeded = await seed();
        // Another request may have seeded it while the ledger was being read.
        spent = read(`spent:${key}`) ?? seeded;
        values.set(`spent:${key}`, { value: spent, expiresAt: now() + ttlMs });
      }
      if (spent >= budgetNano) return 'over_budget';
      const reserved = read(`reserved:${key}`) ?? 0;
      if (reserved > 0 && spent + reserved + reserveNano > budgetNano) return 'reserved_by_others';
      add(`reserved:${key}`, reserveNano, ttlMs);
      return 'admitted';
    },
    async settleSpend(key, reserveNano, costNano, ttlMs) {
      const reserved = read(`reserved:${key}`) ?? 0;
      values.set(`reserved:${key}`, { value: Math.max(0, reserved - reserveNano), expiresAt: now() + ttlMs });
      add(`spent:${key}`, costNano, ttlMs);
    },
    async close() {
      values.clear();
      slots.clear();
    },
  };
}
