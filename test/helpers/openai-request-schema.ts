import { z } from 'zod';

/**
 * An OpenAI Chat Completions request as a strict backend would check it, written from the
 * API reference for tests: unknown top-level fields are rejected (a leaked Anthropic field
 * fails here), tool call arguments must be JSON text, and every tool message must answer a
 * tool call of the assistant message before it.
 */

/** Anthropic's cache breakpoint, which OpenRouter takes on content parts. */
const cacheControl = z.strictObject({ type: z.literal('ephemeral'), ttl: z.enum(['5m', '1h']).optional() });
const textPart = z.strictObject({
  type: z.literal('text'),
  text: z.string(),
  cache_control: cacheControl.optional(),
});
const imagePart = z.strictObject({
  type: z.literal('image_url'),
  image_url: z.strictObject({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).optional() }),
  cache_control: cacheControl.optional(),
});
/** Mistral's reasoning chunk in an assistant message: a list of text chunks. */
const thinkingPart = z.strictObject({ type: z.literal('thinking'), thinking: z.array(textPart).min(1) });
const filePart = z.strictObject({
  type: z.literal('file'),
  file: z.strictObject({ filename: z.string(), file_data: z.string() }),
});

const jsonText = z.string().refine((value) => {
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}, 'must be JSON text');

const toolCall = z.strictObject({
  id: z.string().min(1),
  type: z.literal('function'),
  function: z.strictObject({ name: z.string().min(1), arguments: jsonText }),
  extra_content: z.unknown().optional(),
});

const message = z.discriminatedUnion('role', [
  z.strictObject({
    role: z.enum(['system', 'developer']),
    content: z.union([z.string(), z.array(textPart).min(1)]),
  }),
  z.strictObject({
    role: z.literal('user'),
    content: z.union([
      z.string(),
      z.array(z.discriminatedUnion('type', [textPart, imagePart, filePart])).min(1),
    ]),
  }),
  z.strictObject({
    role: z.literal('assistant'),
    content: z
      .union([z.string(), z.array(z.discriminatedUnion('type', [textPart, thinkingPart])).min(1)])
      .nullable(),
    tool_calls: z.array(toolCall).min(1).optional(),
    reasoning_content: z.string().optional(),
    reasoning: z.string().optional(),
    reasoning_details: z.array(z.unknown()).optional(),
  }),
  z.strictObject({
    role: z.literal('tool'),
    tool_call_id: z.string().min(1),
    content: z.union([z.string(), z.array(textPart).min(1)]),
  }),
]);

const functionTool = z.strictObject({
  type: z.literal('function'),
  function: z.strictObject({
    name: z.string().min(1),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()),
  }),
});

const positiveInteger = z.number().int().positive();

export const openAIChatRequestSchema = z
  .strictObject({
    model: z.string().min(1),
    messages: z.array(message).min(1),
    stream: z.boolean().optional(),
    stream_options: z.strictObject({ include_usage: z.boolean() }).optional(),
    max_tokens: positiveInteger.optional(),
    max_completion_tokens: positiveInteger.optional(),
    temperature: z.number().finite().optional(),
    top_p: z.number().finite().optional(),
    top_k: z.number().finite().optional(),
    stop: z.array(z.string().min(1)).max(4).optional(),
    tools: z.array(functionTool).min(1).optional(),
    tool_choice: z
      .union([
        z.enum(['auto', 'none', 'required']),
        z.strictObject({
          type: z.literal('function'),
          function: z.strictObject({ name: z.string().min(1) }),
        }),
      ])
      .optional(),
    parallel_tool_calls: z.boolean().optional(),
    user: z.string().optional(),
    safety_identifier: z.string().optional(),
    reasoning_effort: z.string().optional(),
    response_format: z.unknown().optional(),
    thinking: z.strictObject({ type: z.enum(['enabled', 'disabled']) }).optional(),
    enable_thinking: z.boolean().optional(),
    thinking_budget: positiveInteger.optional(),
    chat_template_kwargs: z.record(z.string(), z.unknown()).optional(),
    reasoning: z
      .strictObject({
        effort: z.string().optional(),
        max_tokens: positiveInteger.optional(),
        enabled: z.boolean().optional(),
      })
      .optional(),
    tool_stream: z.boolean().optional(),
  })
  .superRefine((request, context) => {
    let open = new Set<string>();
    request.messages.forEach((entry, index) => {
      if (entry.role === 'tool') {
        if (!open.has(entry.tool_call_id)) {
          context.addIssue({
            code: 'custom',
            path: ['messages', index, 'tool_call_id'],
            message: 'does not answer a tool call of the assistant message before it',
          });
        }
        return;
      }
      open = new Set(entry.role === 'assistant' ? (entry.tool_calls ?? []).map((call) => call.id) : []);
    });
  });
