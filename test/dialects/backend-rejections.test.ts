import type Anthropic from '@anthropic-ai/sdk';
import { BadRequestError } from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import type { DialectName } from '../../src/dialects/dialect.js';
import { completion } from '../helpers/scripted-backend.js';
import { type StrictPair, startStrictProxy } from '../helpers/start-strict-proxy.js';

/**
 * A proxy set up for the generic dialect in front of a stricter backend (a gateway URL the
 * proxy cannot recognise) sends fields that backend refuses. The refusal must reach the
 * client as an Anthropic 400 invalid_request_error carrying the backend's own explanation,
 * so the user can see what to configure.
 */

let pair: StrictPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

async function refusal(
  dialect: DialectName,
  model: string,
  request: Partial<Anthropic.MessageCreateParamsNonStreaming>,
): Promise<BadRequestError> {
  pair = await startStrictProxy(dialect, model, 'generic');
  pair.backend.enqueue(completion({ content: 'never sent' }));
  const error = await pair.proxy.client.messages
    .create({
      model: 'claude-opus-4-8',
      max_tokens: 1_000,
      messages: [{ role: 'user', content: 'Hello' }],
      ...request,
    })
    .then(
      () => undefined,
      (caught: unknown) => caught,
    );
  expect(pair.backend.rejections).toHaveLength(1);
  expect(error).toBeInstanceOf(BadRequestError);
  return error as BadRequestError;
}

describe('backend refusals reach the SDK as Anthropic errors', () => {
  it('mistral: a 422 extra_forbidden becomes 400 invalid_request_error naming the refused field', async () => {
    const error = await refusal('mistral', 'mistral-large-latest', { metadata: { user_id: 'user-1' } });
    expect(pair!.backend.rejections[0]).toMatchObject({ rule: 'only-known-fields', status: 422 });
    expect(error.status).toBe(400);
    expect(error.error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect((error.error as { error: { message: string } }).error.message).toBe(
      'Backend error (provider default, HTTP 422): Extra inputs are not permitted: body.user',
    );
  });

  it("gemini: an array-wrapped 400 becomes 400 invalid_request_error with Google's message", async () => {
    const error = await refusal('gemini', 'gemini-2.5-flash', {
      tools: [{ name: '1password_lookup', input_schema: { type: 'object', properties: {} } }],
    });
    expect(error.status).toBe(400);
    const message = (error.error as { error: { type: string; message: string } }).error;
    expect(message.type).toBe('invalid_request_error');
    expect(message.message).toContain('Invalid function name. Must start with a letter or an underscore.');
    expect(message.message).not.toContain('"status"');
  });

  it('glm: a forced tool choice refused with code 1214 becomes 400 invalid_request_error', async () => {
    const error = await refusal('glm', 'glm-4.6', {
      tools: [{ name: 'Read', input_schema: { type: 'object', properties: {} } }],
      tool_choice: { type: 'any' },
    });
    expect(error.status).toBe(400);
    expect((error.error as { error: { message: string } }).error.message).toBe(
      'Backend error (provider default, HTTP 400): Tool choice must be auto',
    );
  });

  it('qwen: a late system message refused by DashScope becomes 400 with its message', async () => {
    const error = await refusal('qwen', 'qwen3-max', {
      messages: [
        { role: 'user', content: 'Hello' },
        { role: 'system', content: 'Answer in French.' } as unknown as Anthropic.MessageParam,
        { role: 'user', content: 'Still there?' },
      ],
    });
    expect((error.error as { error: { message: string } }).error.message).toContain(
      'System message must be at the beginning.',
    );
  });
});
