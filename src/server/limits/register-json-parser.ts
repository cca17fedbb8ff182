import type { FastifyInstance } from 'fastify';
import { InvalidRequestError } from '../../errors.js';
import { exceedsNestingDepth } from './exceeds-nesting-depth.js';
import type { ParsedJsonProblem } from './inspect-parsed-json.js';
import { parseRequestJson } from './parse-request-json.js';

/** Deeper than any real request (Claude Code's deepest tool schemas stay under 20 levels). */
export const MAX_JSON_DEPTH = 128;

const utf8 = new TextDecoder('utf-8', { fatal: true });

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The JSON body's bytes as received. The inspector keeps them (outside the JS heap, so
     * the garbage collector never copies them) and decodes them only if someone looks.
     */
    rawBody: Buffer | undefined;
  }
}

/**
 * Replaces Fastify's JSON parser with one that rejects, as 400 invalid_request_error with a
 * message a person can act on: invalid UTF-8, nesting deeper than MAX_JSON_DEPTH, malformed
 * JSON (with the parser's reason and position), and `__proto__` / `constructor.prototype`
 * keys. Only application/json is accepted (Fastify's text/plain parser is removed), so any
 * other Content-Type is a 400 as well. The size limit (413) is applied before this runs.
 */
export function registerJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.decorateRequest('rawBody', undefined);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    request.rawBody = bytes;
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
    // JSON.parse first, then one walk of what it built for depth and forbidden keys: on an
    // 80 KB body that costs a fraction of scanning the text three times beforehand.
    let value: unknown;
    let problem: ParsedJsonProblem;
    try {
      ({ value, problem } = parseRequestJson(text, MAX_JSON_DEPTH));
    } catch (error) {
      done(new InvalidRequestError(describeUnparsable(text, error)), undefined);
      return;
    }
    if (problem === 'too-deep') done(new InvalidRequestError(TOO_DEEP), undefined);
    else if (problem === 'forbidden-key') done(new InvalidRequestError(FORBIDDEN_KEY), undefined);
    else done(null, value);
  });
}

const TOO_DEEP = `The request body nests objects or arrays deeper than ${MAX_JSON_DEPTH} levels`;
const FORBIDDEN_KEY = 'The request body contains a forbidden __proto__ or constructor.prototype key';

/**
 * Text that is too deep is reported as such even when it is also malformed, as when depth
 * was checked before parsing; otherwise JSON.parse's own message names the problem and its
 * position (Fastify's says only "invalid JSON").
 */
function describeUnparsable(text: string, error: unknown): string {
  if (exceedsNestingDepth(text, MAX_JSON_DEPTH)) return TOO_DEEP;
  return `The request body is not valid JSON: ${(error as Error).message}`;
}
