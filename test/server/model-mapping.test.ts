import { describe, expect, it } from 'vitest';
import { completion } from '../helpers/scripted-backend.js';
import { useSharedProxyAndBackend } from '../helpers/use-proxy-and-backend.js';

const shared = useSharedProxyAndBackend(
  { OPENAI_MODEL: 'default-backend', BIG_MODEL: 'big-backend', SMALL_MODEL: 'small-backend' },
  { emptyRequestsAfterEach: true },
);

describe('model mapping through the official SDK', () => {
  it.each([
    ['claude-opus-4-8', 'big-backend'],
    ['claude-haiku-4-5-20251001', 'small-backend'],
    ['claude-sonnet-4-5', 'default-backend'],
    ['deepseek-chat', 'deepseek-chat'],
  ])('sends %s to the backend as %s and echoes the client model', async (clientModel, backendModel) => {
    shared.backend.enqueue(completion({ content: 'ok' }));
    const message = await shared.proxy.client.messages.create({
      model: clientModel,
      max_tokens: 50,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(shared.backend.requests[0]?.body).toMatchObject({ model: backendModel });
    expect(message.model).toBe(clientModel);
  });
});
