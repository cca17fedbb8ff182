import { readJsonFixture } from './load-fixture.js';

/** The request fixture the benchmark and the differential tests grow into a full-size turn. */
export const CLAUDE_CODE_TURN_FIXTURE = 'requests/claude-code-turn.anthropic.json';

const WORDS = (
  'the tool reads writes files directory path command output error when use must never always ' +
  'returns string number boolean array object optional required parameter value default example ' +
  'search pattern line offset limit content replace edit notebook cell task agent schedule cron'
).split(' ');

/** Deterministic filler text: a linear congruential sequence over a small vocabulary. */
export function prose(seed: number, words: number): string {
  let state = seed;
  const out: string[] = [];
  for (let index = 0; index < words; index++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out.push(WORDS[state % WORDS.length]!);
  }
  return out.join(' ');
}

type Json = Record<string, unknown>;

/**
 * The Claude Code turn fixture grown to the size of a real turn deep in a session: a long
 * system prompt, 24 tools (the fixture's three plus generated ones with schemas of the same
 * shape) and 30 messages, the fixture's six followed by Read and Bash tool loops with their
 * results. About 80 KB of JSON, deterministic, so the benchmark's S2 body and the tests that
 * compare a fast path with its reference see the same bytes.
 */
export function buildClaudeCodeTurn(options: { stream?: boolean } = {}): Json {
  const turn = readJsonFixture<Json>(CLAUDE_CODE_TURN_FIXTURE);
  const system = turn.system as Json[];
  const tools = turn.tools as Json[];
  const messages = turn.messages as Json[];

  const grownSystem = [
    ...system,
    { type: 'text', text: prose(4242, 1300), cache_control: { type: 'ephemeral' } },
  ];

  const grownTools = [...tools];
  for (let index = grownTools.length; index < 24; index++) {
    grownTools.push({
      name: `Tool${index}`,
      description: prose(index + 1, 220),
      input_schema: {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        properties: Object.fromEntries(
          Array.from({ length: 5 }, (_, field) => [
            `field_${field}`,
            field === 3
              ? { type: 'array', items: { type: 'string' }, description: prose(index * 10 + field, 18) }
              : { type: field === 4 ? 'number' : 'string', description: prose(index * 10 + field, 18) },
          ]),
        ),
        required: ['field_0'],
        additionalProperties: false,
      },
    });
  }

  const grownMessages = [...messages];
  for (let loop = 0; grownMessages.length < 30; loop++) {
    const id = `toolu_bench_${String(loop).padStart(4, '0')}`;
    const useBash = loop % 2 === 1;
    grownMessages.push({
      role: 'assistant',
      content: [
        { type: 'text', text: prose(100 + loop, 30) },
        {
          type: 'tool_use',
          id,
          name: useBash ? 'Bash' : 'Read',
          input: useBash
            ? { command: `grep -rn "pattern${loop}" src | head -50` }
            : { file_path: `/repo/src/module-${loop}.ts`, offset: loop * 10, limit: 200 },
        },
      ],
    });
    grownMessages.push({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: id, content: prose(200 + loop, 110) }],
    });
  }
  // A turn ends on the user's side.
  if (grownMessages.at(-1)?.role !== 'user') grownMessages.pop();

  return {
    ...turn,
    stream: options.stream ?? turn.stream,
    system: grownSystem,
    tools: grownTools,
    messages: grownMessages,
  };
}
