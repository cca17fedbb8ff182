import type { FastifyInstance } from 'fastify';
import { InvalidRequestError } from '../../errors.js';
import { exceedsNestingDepth } from './exceeds-nesting-depth.js';

/** Deeper than any real request (Claude Code's deepest tool schemas stay under 20 levels). */
export const MAX_JSON_DEPTH = 128;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Replaces Fastify's JSON parser with one that rejects, as 400 invalid_request_error with a
 * message a person can act on: invalid UTF-8, nesting deeper than MAX_JSON_DEPTH, malformed
 * JSON (with the parser's reason and position), and `__proto__` / `constructor.prototype`
 * keys. Only application/json is accepted (Fastify's text/plain parser is removed), so any
 * other Content-Type is a 400 as well. The size limit (413) is applied before this runs.
 */
export function registerJsonParser(app: FastifyInstance): void {
  const secureParse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (bytes.length === 0) {
      done(new InvalidRequestError('Request body is empty; expected a JSON object'), undefined);
      return;
    }
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      done(new InvalidRequestError('The request body is not valid UTF-8'), undefined);
      return;
    }
    if (exceedsNestingDepth(text, MAX_JSON_DEPTH)) {
      done(
        new InvalidRequestError(
          `The request body nests objects or arrays deeper than ${MAX_JSON_DEPTH} levels`,
        ),
        undefined,
      );
      return;
    }
    secureParse(request, text, (error, value) => {
      if (error) done(new InvalidRequestError(describeJsonError(text)), undefined);
      else done(null, value);
    });
  });
}

/** Fastify's parse error says only "invalid JSON"; JSON.parse's own message names the problem and position. */
function describeJsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return `The request body is not valid JSON: ${(error as Error).message}`;
  }
  return 'The request body contains a forbidden __proto__ or constructor.prototype key';
}
