import { z } from 'zod';

export const BUDGET_PERIODS = ['day', 'week', 'month'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

/** A virtual key as the proxy and the admin API see it: everything but the secret. */
export interface VirtualKey {
  id: string;
  name: string;
  prefix: string;
  /** Client model names the key may ask for; undefined allows all. */
  models: string[] | undefined;
  budgetUsd: number | undefined;
  budgetPeriod: BudgetPeriod | undefined;
  rpm: number | undefined;
  tpm: number | undefined;
  maxStreams: number | undefined;
  /** Milliseconds since the epoch. */
  expiresAt: number | undefined;
  createdAt: number;
  revokedAt: number | undefined;
  rotatedAt: number | undefined;
}

/** What the CLI's flags and the admin API's body both become before a key is created. */
export const keySettingsSchema = z
  .object({
    name: z
      .string()
      .trim()
      .regex(/^[\w.@-]{1,64}$/, 'must be 1-64 letters, digits, or . _ @ -')
      .refine((name) => !name.startsWith('key_'), 'must not start with key_ (that is how ids look)'),
    models: z.array(z.string().trim().min(1)).min(1).optional(),
    budget_usd: z.number().positive().finite().optional(),
    budget_period: z.enum(BUDGET_PERIODS).optional(),
    rpm: z.number().int().positive().optional(),
    tpm: z.number().int().positive().optional(),
    max_streams: z.number().int().positive().optional(),
    /** Milliseconds from now. */
    expires_in_ms: z.number().int().positive().optional(),
  })
  .strict()
  .refine((settings) => settings.budget_period === undefined || settings.budget_usd !== undefined, {
    message: 'budget_period needs budget_usd',
    path: ['budget_period'],
  });

export type KeySettings = z.infer<typeof keySettingsSchema>;

/** The public JSON form: what `keys list --json` prints and /admin/keys returns. */
export function describeKey(key: VirtualKey, now: number) {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    status: keyStatus(key, now),
    models: key.models ?? null,
    budget_usd: key.budgetUsd ?? null,
    budget_period: key.budgetPeriod ?? null,
    rpm: key.rpm ?? null,
    tpm: key.tpm ?? null,
    max_streams: key.maxStreams ?? null,
    expires_at: iso(key.expiresAt),
    created_at: iso(key.createdAt),
    revoked_at: iso(key.revokedAt),
    rotated_at: iso(key.rotatedAt),
  };
}

export function keyStatus(key: VirtualKey, now: number): 'active' | 'revoked' | 'expired' {
  if (key.revokedAt !== undefined) return 'revoked';
  if (key.expiresAt !== undefined && key.expiresAt <= now) return 'expired';
  return 'active';
}

function iso(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}
