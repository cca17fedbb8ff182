import { z } from 'zod';
import type { RecordedRequest } from '../helpers/scripted-backend.js';

const toolCallSchema = z.looseObject({
  id: z.string(),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

const chatMessageSchema = z.looseObject({
  role: z.string(),
  content: z.unknown(),
  tool_calls: z.array(toolCallSchema).optional(),
  tool_call_id: z.string().optional(),
});

const chatRequestSchema = z.looseObject({
  model: z.string(),
  stream: z.boolean().optional(),
  tools: z.array(z.unknown()).optional(),
  messages: z.array(chatMessageSchema),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** The Chat Completions body the proxy sent, or undefined for any other request. */
export function readChatRequest(request: RecordedRequest): ChatRequest | undefined {
  if (request.method !== 'POST' || request.url !== '/v1/chat/completions') return undefined;
  const parsed = chatRequestSchema.safeParse(request.body);
  return parsed.success ? parsed.data : undefined;
}
