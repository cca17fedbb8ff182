/**
 * The ways the ledger's totals can be grouped. Apart from query-usage.ts so that the command
 * line and the admin route's schema can name them without loading the query builder.
 */
export const USAGE_GROUPS = ['key', 'model', 'provider', 'day'] as const;
export type UsageGroup = (typeof USAGE_GROUPS)[number];
