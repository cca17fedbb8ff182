import { describe, expect, it } from 'vitest';
import type { DialectName } from '../../src/dialects/dialect.js';
import { listAllFixtureCases, readJsonFixture } from '../helpers/load-fixture.js';
import { messagesBody, postMessages } from '../helpers/post-messages.js';
import { json } from '../helpers/scripted-backend.js';
import { useProxyAndBackend } from '../helpers/use-proxy-and-backend.js';

// Claude Code compacts the conversation when an answer says "prompt is too long: N tokens >
// M maximum", and asks for fewer output tokens on "input length and `max_tokens` exceed
// context limit". Local servers word their context errors each their own way; passed on as
// "Backend error (HTTP 400): request (18778 tokens) exceeds …", the session just stopped.

interface OverflowCase {
  status: number;
  body: unknown;
  expected: { status: number; type: string; message: string };
}

const cases = listAllFixtureCases('.error.json').filter((name) => name.includes('/context-overflow'));
const harness = useProxyAndBackend();

describe('backend context overflow errors', () => {
  it('has a fixture for each local server', () => {
    const dialects = new Set(cases.map((name) => name.split('/')[0]));
    expect([...dialects].sort()).toEqual(['llamacpp', 'lmstudio', 'ollama', 'sglang', 'vllm']);
  });

  it.each(cases)('%s becomes the Anthropic API wording', async (name) => {
    const fixture = readJsonFixture<OverflowCase>(`${name}.error.json`);
    const dialect = name.split('/')[0] as DialectName;
    const { backend, proxy } = await harness.start({ OPENAI_PROVIDER: dialect });
    backend.enqueue(json(fixture.status, fixture.body));

    const response = await postMessages(proxy.url, messagesBody());
    const body = (await response.json()) as { type: string; error: { type: string; message: string } };

    expect(response.status).toBe(fixture.expected.status);
    expect(body.type).toBe('error');
    expect(body.error).toEqual({ type: fixture.expected.type, message: fixture.expected.message });
    // A context error is the client's to fix: no retry against the same backend.
    expect(backend.requests).toHaveLength(1);
  });

  it('passes a 400 that is not about the context on as a backend error', async () => {
    const { backend, proxy } = await harness.start({ OPENAI_PROVIDER: 'llamacpp' });
    backend.enqueue(
      json(400, {
        error: {
          code: 400,
          message: 'tool_choice param requires --jinja flag',
          type: 'invalid_request_error',
        },
      }),
    );
    const response = await postMessages(proxy.url, messagesBody());
    const body = (await response.json()) as { error: { message: string } };
    expect(response.status).toBe(400);
    expect(body.error.message).toBe(
      'Backend error (provider default, HTTP 400): tool_choice param requires --jinja flag',
    );
  });
});
