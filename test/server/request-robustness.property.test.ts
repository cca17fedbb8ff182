import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { dialectsByName } from '../../src/dialects/all-dialects.js';
import type { DialectName } from '../../src/dialects/dialect.js';
import { ProxyError } from '../../src/errors.js';
import { assertSendable } from '../../src/server/limits/assert-sendable.js';
import { parseRequestBody } from '../../src/server/parse-request-body.js';
import { convertAnthropicRequest } from '../../src/translate/convert-anthropic-request.js';
import { anthropicRequestSchema } from '../../src/wire/anthropic-request-schema.js';
import { answerEveryRequest } from '../helpers/answer-every-request.js';
import { anthropicRequest, mutatedAnthropicRequest } from '../helpers/anthropic-request-arbitraries.js';
import { openAIChatRequestSchema } from '../helpers/openai-request-schema.js';
import { completion } from '../helpers/scripted-backend.js';
import { useSharedProxyAndBackend } from '../helpers/use-proxy-and-backend.js';

/** Dialects that shape requests differently: plain, reasoning fields, strict fields, short tool ids, first-only system. */
const DIALECTS: DialectName[] = [
  'generic',
  'openai',
  'deepseek',
  'qwen',
  'mistral',
  'gemini',
  'openrouter',
  'groq',
];

type Outcome =
  | { kind: 'request'; body: unknown }
  | { kind: 'answered-locally' }
  | { kind: 'client-error'; status: number; message: string };

/** What the proxy does with a body before any I/O: validate, then translate for the dialect. */
function translate(body: unknown, dialect: DialectName): Outcome {
  try {
    const request = parseRequestBody(anthropicRequestSchema, body);
    // The route answers max_tokens 0 (a cache pre-warm) itself, without translating.
    if (request.max_tokens === 0) return { kind: 'answered-locally' };
    const { body: openAIBody } = convertAnthropicRequest(request, {
      model: typeof request.model === 'string' ? request.model : 'backend-model',
      dialect: dialectsByName[dialect],
      stream: request.stream === true,
      maxOutputTokens: undefined,
    });
    assertSendable(openAIBody);
    // What the route sends: it must serialise.
    return { kind: 'request', body: JSON.parse(JSON.stringify(openAIBody)) };
  } catch (error) {
    if (error instanceof ProxyError && error.status >= 400 && error.status < 500) {
      return { kind: 'client-error', status: error.status, message: error.message };
    }
    throw error;
  }
}

function expectValidOutcome(body: unknown, dialect: DialectName): void {
  const outcome = translate(body, dialect);
  if (outcome.kind === 'answered-locally') return;
  if (outcome.kind === 'client-error') {
    expect(outcome.status).toBe(400);
    expect(outcome.message.length).toBeGreaterThan(0);
    return;
  }
  const checked = openAIChatRequestSchema.safeParse(outcome.body);
  if (!checked.success) {
    throw new Error(
      `${dialect}: translated body does not fit the OpenAI schema: ${JSON.stringify(checked.error.issues.slice(0, 3))}\n${JSON.stringify(outcome.body)}`,
    );
  }
}

describe('translation of arbitrary Anthropic requests', () => {
  it('yields a valid OpenAI request or a 400 for requests of the documented shape, in every dialect', () => {
    fc.assert(
      fc.property(anthropicRequest, fc.constantFrom(...DIALECTS), (body, dialect) =>
        expectValidOutcome(body, dialect),
      ),
      { numRuns: 300 },
    );
  });

  it('yields a valid OpenAI request or a 400 for mutated and non-object bodies, never another throw', () => {
    fc.assert(
      fc.property(mutatedAnthropicRequest, fc.constantFrom(...DIALECTS), (body, dialect) =>
        expectValidOutcome(body, dialect),
      ),
      { numRuns: 300 },
    );
  });
});

describe('mutated requests over HTTP', () => {
  const shared = useSharedProxyAndBackend({ OPENAI_MODEL: 'backend-model' });
  beforeAll(() => {
    answerEveryRequest(shared.backend, () => completion({ content: 'ok' }));
  });

  it('answers every mutated body with a 2xx or a 4xx error in the Anthropic shape, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedAnthropicRequest, async (body) => {
        const response = await fetch(`${shared.proxy.url}/v1/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const text = await response.text();
        expect(response.status, text).toBeLessThan(500);
        if (response.status >= 400) {
          expect(JSON.parse(text)).toMatchObject({ type: 'error', error: { type: expect.any(String) } });
        }
      }),
      { numRuns: 60 },
    );
  });
});
