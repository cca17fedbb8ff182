import { z } from 'zod';
import { parseDuration } from './parse-duration.js';
import { BUDGET_PERIODS, type KeySettings, keySettingsSchema } from './virtual-key.js';

/**
 * The admin API's create body: the settings with `expires` as a duration (`30d`), the same
 * words as the CLI's flags. Validated as a whole, so bad input changes nothing.
 */
export const createKeyBodySchema = z
  .object({
    name: z.string(),
    models: z.array(z.string()).optional(),
    budget_usd: z.number().optional(),
    budget_period: z.enum(BUDGET_PERIODS).optional(),
    rpm: z.number().optional(),
    tpm: z.number().optional(),
    max_streams: z.number().optional(),
    expires: z
      .string()
      .refine((text) => parseDuration(text) !== undefined, 'must be a duration such as 30d, 12h, 2w or 90m')
      .optional(),
  })
  .strict()
  .transform(({ expires, ...rest }, context) => {
    const settings = keySettingsSchema.safeParse({
      ...rest,
      ...(expires === undefined ? {} : { expires_in_ms: parseDuration(expires) }),
    });
    if (!settings.success) {
      for (const issue of settings.error.issues) context.addIssue({ ...issue, code: 'custom' });
      return z.NEVER;
    }
    return settings.data satisfies KeySettings;
  });
