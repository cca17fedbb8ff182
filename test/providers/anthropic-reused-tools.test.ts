import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectAnthropicEndpoint } from '../../src/providers/anthropic/anthropic-endpoints.js';
import { buildAnthropicRequest } from '../../src/providers/anthropic/build-anthropic-request.js';
import { buildClaudeCodeTurn } from '../helpers/build-claude-code-turn.js';
import { readJsonFixture } from '../helpers/load-fixture.js';
import { json, type ScriptedBackend, startScriptedBackend } from '../helpers/scripted-backend.js';
import { chain, startGateway, type TestGateway } from '../helpers/start-gateway.js';

let backend: ScriptedBackend;
let gateway: TestGateway;

beforeAll(async () => {
  backend = await startScriptedBackend();
  gateway = await startGateway({
    providers: { ds: { url: backend.baseUrl.replace(/\/v1$/, '/anthropic') } },
    routes: { default: chain('ds/deepseek-v4-pro') },
  });
});
afterAll(async () => {
  await gateway.close();
  await backend.close();
});

/** The forwarded body built from a fresh parse of the client's text and serialised whole. */
function expectedUpstream(body: Record<string, unknown>): string {
  const endpoint = selectAnthropicEndpoint(`${backend.baseUrl.replace(/\/v1$/, '/anthropic')}`);
  const forwarded = buildAnthropicRequest(
    JSON.parse(JSON.stringify(body)),
    {},
    { model: 'deepseek-v4-pro', endpoint },
  );
  return JSON.stringify(forwarded.body);
}

async function post(body: Record<string, unknown>): Promise<void> {
  backend.enqueue(json(200, readJsonFixture('anthropic-compatible/text-message.messages.json')));
  const response = await fetch(`${gateway.url}/v1/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-api-key': 'test-client-key',
      'anthropic-version': '2023-06-01',
    },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  await response.text();
}

describe('an anthropic provider, tool lists reused from an earlier turn', () => {
  it('forwards each turn byte for byte as the whole serialisation of the forwarded body', async () => {
    const turn = buildClaudeCodeTurn({ stream: false });
    const tools = turn.tools as Array<Record<string, unknown>>;
    const changed = { ...turn, tools: [...tools].reverse() };
    const bodies = [turn, turn, changed, turn];
    for (const body of bodies) await post(body);
    expect(backend.requests.map((request) => request.rawBody)).toEqual(bodies.map(expectedUpstream));
  });
});
