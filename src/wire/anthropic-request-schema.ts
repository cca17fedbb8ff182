/**
 * The Anthropic Messages request as the proxy accepts it.
 *
 * Validation is lenient on purpose: unknown fields are dropped, unknown content block
 * types become `{type: "unsupported"}` (translation drops them with a warning), and only
 * a wrong type on a field the proxy reads is a 400. Clients keep sending new fields and
 * block types long before any proxy knows them; rejecting those is the failure mode users
 * of stricter proxies hit (a 422 on `role: "system"` messages or server tools).
 */
import { z } from 'zod';

const cacheControl = z.object({ type: z.string(), ttl: z.string().optional() }).optional();

const textBlock = z.object({ type: z.literal('text'), text: z.string(), cache_control: cacheControl });

const imageSource = z.discriminatedUnion('type', [
  z.object({ type: z.literal('base64'), media_type: z.string(), data: z.string() }),
  z.object({ type: z.literal('url'), url: z.string() }),
  z.object({ type: z.literal('file'), file_id: z.string() }),
]);

const imageBlock = z.object({ type: z.literal('image'), source: imageSource, cache_control: cacheControl });

const documentSource = z.discriminatedUnion('type', [
  z.object({ type: z.literal('base64'), media_type: z.string(), data: z.string() }),
  z.object({ type: z.literal('url'), url: z.string() }),
  z.object({ type: z.literal('text'), media_type: z.string().optional(), data: z.string() }),
  z.object({
    type: z.literal('content'),
    content: z.union([z.string(), z.array(z.lazy(() => nestedBlock))]),
  }),
  z.object({ type: z.literal('file'), file_id: z.string() }),
]);

const documentBlock = z.object({
  type: z.literal('document'),
  source: documentSource,
  title: z.string().nullish(),
  context: z.string().nullish(),
});

const searchResultBlock = z.object({
  type: z.literal('search_result'),
  source: z.string(),
  title: z.string(),
  content: z.array(textBlock),
});

/** Blocks that can appear inside a tool_result or a document's content. */
const nestedBlock = z.preprocess(
  markUnsupported(new Set(['text', 'image', 'document', 'search_result'])),
  z.discriminatedUnion('type', [
    textBlock,
    imageBlock,
    searchResultBlock,
    z.object({ type: z.literal('document'), source: z.unknown() }),
    z.object({ type: z.literal('unsupported'), original_type: z.string() }),
  ]),
);

const toolUseBlock = z.object({
  type: z.literal('tool_use'),
  id: z.string().min(1),
  name: z.string(),
  input: z.unknown(),
});

const toolResultBlock = z.object({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: z.union([z.string(), z.array(nestedBlock)]).optional(),
  is_error: z.boolean().optional(),
  cache_control: cacheControl,
});

const thinkingBlock = z.object({
  type: z.literal('thinking'),
  thinking: z.string(),
  signature: z.string().optional(),
});
const redactedThinkingBlock = z.object({ type: z.literal('redacted_thinking'), data: z.string() });

const knownBlockTypes = new Set([
  'text',
  'image',
  'document',
  'search_result',
  'tool_use',
  'tool_result',
  'thinking',
  'redacted_thinking',
]);

const contentBlock = z.preprocess(
  markUnsupported(knownBlockTypes),
  z.discriminatedUnion('type', [
    textBlock,
    imageBlock,
    documentBlock,
    searchResultBlock,
    toolUseBlock,
    toolResultBlock,
    thinkingBlock,
    redactedThinkingBlock,
    z.object({ type: z.literal('unsupported'), original_type: z.string() }),
  ]),
);

const message = z.object({
  role: z.enum(['user', 'assistant', 'system']),
  content: z.union([z.string(), z.array(contentBlock)]),
});

const tool = z.object({
  type: z.string().optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  input_schema: z.record(z.string(), z.unknown()).optional(),
});

const disableParallel = { disable_parallel_tool_use: z.boolean().optional() };
const toolChoice = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auto'), ...disableParallel }),
  z.object({ type: z.literal('any'), ...disableParallel }),
  z.object({ type: z.literal('tool'), name: z.string(), ...disableParallel }),
  z.object({ type: z.literal('none') }),
]);

const thinkingDisplay = z.string().optional();
const thinking = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('enabled'),
    budget_tokens: z.number().int().positive(),
    display: thinkingDisplay,
  }),
  z.object({ type: z.literal('disabled') }),
  z.object({ type: z.literal('adaptive'), display: thinkingDisplay }),
]);

const outputConfig = z.object({
  effort: z.string().optional(),
  format: z.object({ type: z.string(), schema: z.record(z.string(), z.unknown()).optional() }).nullish(),
});

const system = z.union([
  z.string(),
  z.array(
    z.preprocess(
      markUnsupported(new Set(['text'])),
      z.discriminatedUnion('type', [
        textBlock,
        z.object({ type: z.literal('unsupported'), original_type: z.string() }),
      ]),
    ),
  ),
]);

/** Longer than any model id a backend lists (OpenRouter's `vendor/model:variant` ones included). */
export const MAX_MODEL_NAME_LENGTH = 256;

/** Fields shared by /v1/messages and /v1/messages/count_tokens. */
const promptFields = {
  // Model ids are short; the cap keeps a hostile name out of logs and metric labels.
  model: z.string().min(1).max(MAX_MODEL_NAME_LENGTH, `must be at most ${MAX_MODEL_NAME_LENGTH} characters`),
  messages: z.array(message).min(1, 'at least one message is required'),
  system: system.optional(),
  tools: z.array(tool).optional(),
  tool_choice: toolChoice.optional(),
  thinking: thinking.optional(),
  output_config: outputConfig.optional(),
};

/** The Messages request schema as written; the proxy validates with its compiled form below. */
export const anthropicRequestReferenceSchema = z.object({
  ...promptFields,
  max_tokens: z.number().int().nonnegative(),
  stream: z.boolean().optional(),
  stop_sequences: z.array(z.string()).optional(),
  temperature: z.number().optional(),
  top_p: z.number().optional(),
  top_k: z.number().optional(),
  metadata: z.object({ user_id: z.string().nullish() }).nullish(),
});

/**
 * z.compile generates one function that checks and copies a valid request in a single pass
 * (a third of the interpreted parser's time on an 80 KB Claude Code turn: 8 µs against 25);
 * anything it finds invalid goes through the interpreted parser, so the issues, and the 400
 * messages made from them, are the same (test/wire/compiled-request-schema.test.ts).
 */
export const anthropicRequestSchema = z.compile(anthropicRequestReferenceSchema);

export const anthropicCountTokensReferenceSchema = z.object(promptFields);
export const anthropicCountTokensSchema = z.compile(anthropicCountTokensReferenceSchema);

export type AnthropicRequest = z.infer<typeof anthropicRequestSchema>;
export type AnthropicCountTokensRequest = z.infer<typeof anthropicCountTokensSchema>;
export type AnthropicMessage = AnthropicRequest['messages'][number];
export type AnthropicContentBlock = Exclude<AnthropicMessage['content'], string>[number];
export type AnthropicToolResultBlock = Extract<AnthropicContentBlock, { type: 'tool_result' }>;
export type AnthropicNestedBlock = Exclude<NonNullable<AnthropicToolResultBlock['content']>, string>[number];
export type AnthropicTool = NonNullable<AnthropicRequest['tools']>[number];
export type AnthropicToolChoice = NonNullable<AnthropicRequest['tool_choice']>;
export type AnthropicThinking = NonNullable<AnthropicRequest['thinking']>;

/** Rewrites a block whose type the schema does not know into `{type:"unsupported"}` so it validates. */
function markUnsupported(known: ReadonlySet<string>): (value: unknown) => unknown {
  return (value) => {
    if (typeof value === 'object' && value !== null && 'type' in value) {
      const type = (value as { type: unknown }).type;
      if (typeof type === 'string' && !known.has(type)) return { type: 'unsupported', original_type: type };
    }
    return value;
  };
}
