import type { BudgetPeriod } from '../keys/virtual-key.js';

/** The calendar period (UTC) a moment falls in: budgets reset at midnight, on Mondays, or on the 1st. */
export function budgetPeriodBounds(period: BudgetPeriod, now: number): { start: number; end: number } {
  const date = new Date(now);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const day = date.getUTCDate();
  switch (period) {
    case 'day':
      return { start: Date.UTC(year, month, day), end: Date.UTC(year, month, day + 1) };
    case 'week': {
      // getUTCDay: 0 is Sunday; weeks start on Monday.
      const sinceMonday = (date.getUTCDay() + 6) % 7;
      return {
        start: Date.UTC(year, month, day - sinceMonday),
        end: Date.UTC(year, month, day - sinceMonday + 7),
      };
    }
    case 'month':
      return { start: Date.UTC(year, month, 1), end: Date.UTC(year, month + 1, 1) };
    default: {
      const unknown: never = period;
      throw new Error(`unknown budget period ${String(unknown)}`);
    }
  }
}
