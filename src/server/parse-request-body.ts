import type { z } from 'zod';
import { InvalidRequestError } from '../errors.js';
import { formatValidationError } from './format-validation-error.js';

/** Validates a JSON body against a request schema; a 400 naming the field path when it does not fit. */
export function parseRequestBody<Schema extends z.ZodType>(schema: Schema, body: unknown): z.infer<Schema> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidRequestError('Request body must be a JSON object');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new InvalidRequestError(formatValidationError(parsed.error));
  return parsed.data;
}
