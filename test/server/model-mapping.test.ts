import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { completion, type ScriptedBackend, startScriptedBackend } from '../helpers/scripted-backend.js';
import { startProxy, type TestProxy } from '../helpers/start-proxy.js';

let backend: ScriptedBackend;
let proxy: TestProxy;

beforeAll(async () => {
  backend = await startScriptedBackend();
  proxy = await startProxy({
    OPENAI_BASE_URL: backend.baseUrl,
    OPENAI_MODEL: 'default-backend',
    BIG_MODEL: 'big-backend',
    SMALL_MODEL: 'small-backend',
  });
});
afterAll(async () => {
  await proxy.close();
  await backend.close();
});
afterEach(() => {
  backend.requests.length = 0;
});

describe('model mapping through the official SDK', () => {
  it.each([
    ['claude-opus-4-8', 'big-backend'],
    ['claude-haiku-4-5-20251001', 'small-backend'],
    ['claude-sonnet-4-5', 'default-backend'],
    ['deepseek-chat', 'deepseek-chat'],
  ])('sends %s to the backend as %s and echoes the client model', async (clientModel, backendModel) => {
    backend.enqueue(completion({ content: 'ok' }));
    const message = await proxy.client.messages.create({
      model: clientModel,
      max_tokens: 50,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(backend.requests[0]?.body).toMatchObject({ model: backendModel });
    expect(message.model).toBe(clientModel);
  });
});
