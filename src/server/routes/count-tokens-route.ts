import type { FastifyInstance } from 'fastify';
import { anthropicCountTokensSchema } from '../../wire/anthropic-request-schema.js';
import type { AppContext } from '../app-context.js';
import { parseRequestBody } from '../parse-request-body.js';

/**
 * Counts locally and never calls the backend: IDE integrations call this dozens of times at
 * start-up, and OpenAI-compatible backends have no such endpoint to forward to.
 */
export function registerCountTokensRoute(app: FastifyInstance, context: AppContext): void {
  const counter = context.tokenCounter;
  app.post('/v1/messages/count_tokens', async (request) => {
    const countRequest = parseRequestBody(anthropicCountTokensSchema, request.body);
    request.facts.clientModel = countRequest.model;
    return { input_tokens: counter.count(countRequest) };
  });
}
