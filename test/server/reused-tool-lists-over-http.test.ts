import { describe, expect, it } from 'vitest';
import { genericDialect } from '../../src/dialects/generic.js';
import { convertAnthropicRequest } from '../../src/translate/convert-anthropic-request.js';
import { anthropicRequestSchema } from '../../src/wire/anthropic-request-schema.js';
import { buildClaudeCodeTurn } from '../helpers/build-claude-code-turn.js';
import { postMessages } from '../helpers/post-messages.js';
import { completion } from '../helpers/scripted-backend.js';
import { useSharedProxyAndBackend } from '../helpers/use-proxy-and-backend.js';

type Json = Record<string, unknown>;

const shared = useSharedProxyAndBackend({ OPENAI_PROVIDER: 'generic' }, { emptyRequestsAfterEach: true });

/** The Chat Completions body for a client body, converted whole and serialised whole. */
function expectedUpstream(body: Json): string {
  const request = anthropicRequestSchema.parse(structuredClone(body));
  const converted = convertAnthropicRequest(request, {
    model: 'backend-model',
    dialect: { ...genericDialect },
    stream: false,
  });
  return JSON.stringify(converted.body);
}

async function sendTurns(bodies: Json[]): Promise<string[]> {
  for (const body of bodies) {
    shared.backend.enqueue(completion({ content: 'ok' }));
    const response = await postMessages(shared.proxy.url, body);
    expect(response.status).toBe(200);
    await response.text();
  }
  return shared.backend.requests.map((request) => request.rawBody);
}

describe('tool lists reused from an earlier turn, over HTTP', () => {
  const turn = buildClaudeCodeTurn({ stream: false });
  const tools = turn.tools as Json[];

  it('sends a Claude Code turn repeated byte for byte as the whole conversion writes it', async () => {
    const sent = await sendTurns([turn, turn, turn]);
    expect(sent).toEqual([expectedUpstream(turn), expectedUpstream(turn), expectedUpstream(turn)]);
  });

  it('sends each turn its own tools: one schema changed, the order changed, and back', async () => {
    const changed = structuredClone(tools);
    const property = (changed[9]!.input_schema as { properties: Record<string, { type: string }> })
      .properties;
    property.field_4!.type = 'integer';
    const bodies = [
      turn,
      { ...turn, tools: changed },
      { ...turn, tools: [...tools].reverse() },
      turn,
      { ...turn, tools: changed },
    ];
    const sent = await sendTurns(bodies);
    expect(sent).toEqual(bodies.map(expectedUpstream));
    expect(new Set(sent).size).toBe(3);
  });
});
