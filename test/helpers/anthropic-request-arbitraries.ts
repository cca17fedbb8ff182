import fc from 'fast-check';

/**
 * fast-check arbitraries for Anthropic Messages requests: `anthropicRequest` builds requests
 * of the documented shape (every block type the proxy knows plus unknown ones, tools, tool
 * choice, thinking, sampling and stop fields), and `mutatedAnthropicRequest` damages one with
 * deletions, replacements by arbitrary JSON, and bodies that are not objects at all.
 */

const text = fc.string({ unit: 'grapheme', maxLength: 24 });
const key = fc.string({ maxLength: 8 }).filter((value) => value !== '__proto__');
const json = fc.jsonValue({ maxDepth: 3 });
const id = fc.constantFrom('toolu_01', 'toolu_02', 'call-3', 'x', '');
const toolName = fc.constantFrom(
  'Bash',
  'Read',
  'get_weather',
  'mcp__server__a_rather_long_tool_name_that_goes_on_and_on_x',
  'bad name!',
  'ä',
);
const base64 = fc.constantFrom('iVBORw0KGgo=', '/9j/4AAQSkZJRg==', 'R0lGODlhAQABAAAAACw=', '', 'not base64');

const imageSource = fc.oneof(
  fc.record({
    type: fc.constant('base64'),
    media_type: fc.constantFrom('image/png', 'image/jpeg', 'image/gif', 'image/webp', 'text/plain'),
    data: base64,
  }),
  fc.record({
    type: fc.constant('url'),
    url: fc.constantFrom('https://example.com/a.png', 'data:image/png;base64,iVBORw0KGgo=', 'not a url'),
  }),
  fc.record({ type: fc.constant('file'), file_id: fc.constant('file_011') }),
);

const textBlock = fc.record(
  { type: fc.constant('text'), text, cache_control: fc.constant({ type: 'ephemeral' }) },
  { requiredKeys: ['type', 'text'] },
);
const imageBlock = fc.record({ type: fc.constant('image'), source: imageSource });
const documentBlock = fc.record(
  {
    type: fc.constant('document'),
    source: fc.oneof(
      fc.record({ type: fc.constant('text'), media_type: fc.constant('text/plain'), data: text }),
      fc.record({ type: fc.constant('base64'), media_type: fc.constant('application/pdf'), data: base64 }),
      fc.record({ type: fc.constant('url'), url: fc.constant('https://example.com/doc.pdf') }),
      fc.record({
        type: fc.constant('content'),
        content: fc.oneof(text, fc.array(textBlock, { maxLength: 2 })),
      }),
    ),
    title: fc.option(text),
  },
  { requiredKeys: ['type', 'source'] },
);
const searchResultBlock = fc.record({
  type: fc.constant('search_result'),
  source: text,
  title: text,
  content: fc.array(textBlock, { maxLength: 2 }),
});
const unknownBlock = fc.record({
  type: fc.constantFrom('server_tool_use', 'web_search_tool_result', 'container_upload', 'future_block'),
  id,
  input: json,
});
const toolUseBlock = fc.record({
  type: fc.constant('tool_use'),
  id,
  name: toolName,
  input: fc.oneof(fc.dictionary(key, json, { maxKeys: 3 }), json),
});
const toolResultBlock = fc.record(
  {
    type: fc.constant('tool_result'),
    tool_use_id: id,
    content: fc.oneof(
      text,
      fc.array(fc.oneof(textBlock, imageBlock, searchResultBlock, documentBlock, unknownBlock), {
        maxLength: 3,
      }),
    ),
    is_error: fc.boolean(),
  },
  { requiredKeys: ['type', 'tool_use_id'] },
);
const thinkingBlock = fc.record(
  { type: fc.constant('thinking'), thinking: text, signature: text },
  { requiredKeys: ['type', 'thinking'] },
);
const redactedThinkingBlock = fc.record({ type: fc.constant('redacted_thinking'), data: text });

const userBlock = fc.oneof(
  textBlock,
  imageBlock,
  documentBlock,
  searchResultBlock,
  toolResultBlock,
  unknownBlock,
);
const assistantBlock = fc.oneof(textBlock, toolUseBlock, thinkingBlock, redactedThinkingBlock, unknownBlock);

const message = fc.oneof(
  fc.record({ role: fc.constant('user'), content: fc.oneof(text, fc.array(userBlock, { maxLength: 4 })) }),
  fc.record({
    role: fc.constant('assistant'),
    content: fc.oneof(text, fc.array(assistantBlock, { maxLength: 4 })),
  }),
  fc.record({ role: fc.constant('system'), content: fc.oneof(text, fc.array(textBlock, { maxLength: 2 })) }),
);

const schema = fc.oneof(
  fc.constant({ type: 'object', properties: { command: { type: 'string' } }, required: ['command'] }),
  fc.constant({
    type: 'object',
    properties: { n: { type: 'integer', exclusiveMinimum: 0 }, k: { const: 'x' } },
    propertyNames: { pattern: '^a' },
  }),
  fc.dictionary(key, json, { maxKeys: 3 }),
);
const tool = fc.record(
  {
    type: fc.constantFrom('custom', 'web_search_20250305', 'bash_20250124'),
    name: toolName,
    description: text,
    input_schema: schema,
  },
  { requiredKeys: ['name'] },
);

const toolChoice = fc.oneof(
  fc.record(
    { type: fc.constantFrom('auto', 'any'), disable_parallel_tool_use: fc.boolean() },
    { requiredKeys: ['type'] },
  ),
  fc.record(
    { type: fc.constant('tool'), name: toolName, disable_parallel_tool_use: fc.boolean() },
    { requiredKeys: ['type', 'name'] },
  ),
  fc.record({ type: fc.constant('none') }),
);
const thinking = fc.oneof(
  fc.record({ type: fc.constant('enabled'), budget_tokens: fc.integer({ min: 1, max: 64_000 }) }),
  fc.record({ type: fc.constant('disabled') }),
  fc.record(
    { type: fc.constant('adaptive'), display: fc.constantFrom('summarized', 'omitted') },
    { requiredKeys: ['type'] },
  ),
);

export const anthropicRequest: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    model: fc.constantFrom(
      'claude-sonnet-4-5',
      'claude-3-5-haiku-20241022',
      'deepseek-reasoner',
      'gpt-5',
      'o3-mini',
      'qwen3-max',
      'glm-4.6',
    ),
    max_tokens: fc.oneof(fc.integer({ min: 0, max: 200_000 }), fc.constant(1)),
    messages: fc.array(message, { maxLength: 5 }),
    system: fc.oneof(text, fc.array(textBlock, { maxLength: 2 })),
    tools: fc.array(tool, { maxLength: 3 }),
    tool_choice: toolChoice,
    thinking,
    output_config: fc.record({ effort: fc.constantFrom('low', 'medium', 'high', 'max') }),
    stream: fc.boolean(),
    stop_sequences: fc.array(text, { maxLength: 6 }),
    temperature: fc.double({ min: 0, max: 1, noNaN: true }),
    top_p: fc.double({ min: 0, max: 1, noNaN: true }),
    top_k: fc.integer({ min: 0, max: 500 }),
    metadata: fc.record({ user_id: fc.option(text) }),
    context_management: json,
    service_tier: fc.constantFrom('auto', 'standard_only'),
  },
  { requiredKeys: ['model', 'max_tokens', 'messages'] },
);

interface Mutation {
  pick: number;
  action: 'delete' | 'replace';
  value: unknown;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  action: fc.constantFrom('delete', 'replace'),
  value: fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(null, '', 0, -1, 1.5, true, [], {}, 'x'.repeat(300)),
  ),
});

/** A valid-shaped request with one to three of its values deleted or replaced, or a body that is not an object. */
export const mutatedAnthropicRequest: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(anthropicRequest, fc.array(mutation, { minLength: 1, maxLength: 3 }))
      .map(([request, mutations]) => applyMutations(request, mutations)),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** Every path into the value (objects and arrays), found without recursion. */
function collectPaths(root: unknown): Array<Array<string | number>> {
  const paths: Array<Array<string | number>> = [];
  const pending: Array<{ value: unknown; path: Array<string | number> }> = [{ value: root, path: [] }];
  while (pending.length > 0) {
    const { value, path } = pending.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    const entries: Array<[string | number, unknown]> = Array.isArray(value)
      ? value.map((item, index) => [index, item])
      : Object.entries(value);
    for (const [name, child] of entries) {
      paths.push([...path, name]);
      pending.push({ value: child, path: [...path, name] });
    }
  }
  return paths;
}

function applyMutations(request: Record<string, unknown>, mutations: readonly Mutation[]): unknown {
  const copy = structuredClone(request);
  for (const { pick, action, value } of mutations) {
    const paths = collectPaths(copy);
    if (paths.length === 0) break;
    const path = paths[pick % paths.length]!;
    let parent: unknown = copy;
    for (const step of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[step];
    const last = path.at(-1)!;
    const container = parent as Record<string | number, unknown>;
    if (action === 'delete') {
      if (Array.isArray(container)) container.splice(Number(last), 1);
      else delete container[last];
    } else {
      container[last] = structuredClone(value);
    }
  }
  return copy;
}
