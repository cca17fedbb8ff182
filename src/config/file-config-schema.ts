import { z } from 'zod';
import { DIALECT_NAMES, isDialectName } from '../dialects/all-dialects.js';
import { AUTH_HEADERS, PROTOCOL_NAMES } from './config.js';
import { parseBaseUrl } from './parse-base-url.js';

/** Timers take at most 2^31 - 1 ms; a longer one would fire at once. */
export const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** The placeholder `config print` writes for a key it cannot name a variable for. */
export const REDACTED_PLACEHOLDER = '[redacted]';

/** A `${VAR}` always yields a string; numbers written through one are read as numbers. */
function numeric(schema: z.ZodNumber) {
  return z.preprocess(
    (value) => (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value),
    schema,
  );
}

function seconds(minimum: number) {
  return numeric(
    z
      .number({ error: 'must be a number of seconds' })
      .min(minimum, minimum > 0 ? `must be at least ${minimum} seconds` : 'must not be negative')
      .max(MAX_TIMER_SECONDS, `must be at most ${MAX_TIMER_SECONDS} seconds`),
  );
}

function wholeNumber(minimum: number, what: string) {
  return numeric(
    z
      .number({ error: `must be a whole number of ${what}` })
      .int(`must be a whole number of ${what}`)
      .min(minimum, `must be at least ${minimum}`),
  );
}

const text = z.string({ error: 'must be a string' });

/** A `${VAR}` always yields a string; "true" and "false" written through one are read as booleans. */
const flag = z.preprocess(
  (value) => (value === 'true' ? true : value === 'false' ? false : value),
  z.boolean({ error: 'must be true or false' }),
);

/** `providers.NAME.model_info.MODEL`: facts the user knows better than the backend's model list. */
const modelInfoSchema = z.strictObject(
  {
    context_window: wholeNumber(1, 'tokens').optional(),
    max_output_tokens: wholeNumber(1, 'tokens').optional(),
    vision: flag.optional(),
    tools: flag.optional(),
    reasoning: flag.optional(),
  },
  { error: 'must be a map with context_window, max_output_tokens, vision, tools or reasoning' },
);

/** A secret `config print` could not write as a `${VARIABLE}` reference must be filled in before use. */
const notRedacted = text.refine((value) => value !== REDACTED_PLACEHOLDER, {
  message: `is "${REDACTED_PLACEHOLDER}", the placeholder "config print" writes; put the secret or a \${VARIABLE} here`,
});

const timeoutsSchema = z.strictObject({
  connect: seconds(0.001).optional(),
  first_byte: seconds(0.001).optional(),
  idle: seconds(0.001).optional(),
});

/** RFC 9110 token characters: anything else undici refuses at request time, far from the file. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const providerSchema = z.strictObject({
  base_url: text.refine((value) => parseBaseUrl(value) !== undefined, 'must be an http(s) URL'),
  api_key: notRedacted.optional(),
  dialect: text
    .transform((value) => value.trim().toLowerCase())
    .refine(isDialectName, `must be one of ${DIALECT_NAMES.join(', ')}`)
    .optional(),
  protocol: text
    .transform((value) => value.trim().toLowerCase())
    .pipe(z.enum(PROTOCOL_NAMES, { error: `must be one of ${PROTOCOL_NAMES.join(', ')}` }))
    .optional(),
  auth_header: text
    .transform((value) => value.trim().toLowerCase())
    .pipe(z.enum(AUTH_HEADERS, { error: `must be one of ${AUTH_HEADERS.join(', ')}` }))
    .optional(),
  max_concurrency: wholeNumber(1, 'requests').optional(),
  headers: z
    .record(
      text.regex(HEADER_NAME, 'must be a valid header name'),
      notRedacted.refine((value) => !/[\r\n\0]/.test(value), 'must not contain line breaks'),
      {
        // Zod reports a bad key on the record itself; the path already names the key.
        error: (issue) =>
          issue.code === 'invalid_key'
            ? 'must be a valid header name'
            : 'must be a map of header names to values',
      },
    )
    .optional(),
  models: z
    .array(text.trim().min(1, 'must not be empty'), { error: 'must be a list of model names' })
    .optional(),
  timeouts: timeoutsSchema.optional(),
  model_info: z
    .record(text, modelInfoSchema, { error: 'must be a map of model names to what is known of them' })
    .optional(),
});

/** Route values are checked by parseRouteChain, which knows the provider names and says which entry is wrong. */
const routeValue = z.unknown();

const routesSchema = z.strictObject({
  default: routeValue.optional(),
  opus: routeValue.optional(),
  sonnet: routeValue.optional(),
  haiku: routeValue.optional(),
  thinking: routeValue.optional(),
  long_context: z
    .strictObject(
      {
        threshold: wholeNumber(1, 'tokens'),
        to: routeValue,
      },
      { error: 'must be a map with threshold and to' },
    )
    .optional(),
  image: routeValue.optional(),
  models: z.record(text, routeValue, { error: 'must be a map of model names to routes' }).optional(),
});

function pricePerMillion() {
  return numeric(
    z.number({ error: 'must be USD per million tokens' }).min(0, 'must not be negative').max(1_000_000),
  );
}

/** USD per million tokens for one `provider/model`; what the ledger's cost column is computed from. */
const priceSchema = z.strictObject({
  input: pricePerMillion(),
  output: pricePerMillion(),
  cache_read: pricePerMillion().optional(),
  cache_write: pricePerMillion().optional(),
});

/** The config file as written. Strict everywhere: a misspelt key must fail, not silently do nothing. */
export const fileConfigSchema = z.strictObject(
  {
    providers: z.record(text, providerSchema, { error: 'must be a map of provider names to settings' }),
    routes: routesSchema.optional(),
    retry: z
      .strictObject({
        attempts: wholeNumber(1, 'attempts').optional(),
        max_wait_seconds: seconds(0).optional(),
      })
      .optional(),
    cooldown: z
      .strictObject({
        failures: wholeNumber(1, 'failures').optional(),
        seconds: seconds(0).optional(),
      })
      .optional(),
    timeouts: timeoutsSchema.optional(),
    pricing: z.record(text, priceSchema, { error: 'must be a map of provider/model to prices' }).optional(),
  },
  { error: 'must be a map with providers (and optionally routes, retry, cooldown, timeouts, pricing)' },
);

export type FileConfig = z.infer<typeof fileConfigSchema>;
export type FileProvider = z.infer<typeof providerSchema>;
export type FileTimeouts = z.infer<typeof timeoutsSchema>;

/** The keys each level accepts, for "did you mean" hints on misspelt keys. */
export const KNOWN_KEYS = {
  top: Object.keys(fileConfigSchema.shape),
  provider: Object.keys(providerSchema.shape),
  routes: Object.keys(routesSchema.shape),
  timeouts: Object.keys(timeoutsSchema.shape),
  modelInfo: Object.keys(modelInfoSchema.shape),
  longContext: ['threshold', 'to'],
  retry: ['attempts', 'max_wait_seconds'],
  cooldown: ['failures', 'seconds'],
  pricing: ['input', 'output', 'cache_read', 'cache_write'],
};
