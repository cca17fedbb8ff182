import type { Violation } from '../backend-error-bodies.js';
import { isRecord, onlyKnownFields, type StrictRule, toolCallsOf } from './strict-rule.js';

/** Mistral's chat completion request schema; extra inputs are a pydantic 422. */
const MISTRAL_FIELDS = [
  'temperature',
  'top_p',
  'max_tokens',
  'stream',
  'stop',
  'random_seed',
  'metadata',
  'response_format',
  'tools',
  'tool_choice',
  'presence_penalty',
  'frequency_penalty',
  'n',
  'prediction',
  'parallel_tool_calls',
  'prompt_mode',
  'safe_prompt',
];

const MISTRAL_MESSAGE_FIELDS: Record<string, readonly string[]> = {
  system: ['role', 'content'],
  user: ['role', 'content'],
  assistant: ['role', 'content', 'tool_calls', 'prefix'],
  tool: ['role', 'content', 'tool_call_id', 'name'],
};

const MISTRAL_TOOL_ID = /^[a-zA-Z0-9]{9}$/;

function extraForbidden(location: (string | number)[], input: unknown): Violation {
  return {
    status: 422,
    message: 'Extra inputs are not permitted',
    body: {
      detail: [
        { type: 'extra_forbidden', loc: ['body', ...location], msg: 'Extra inputs are not permitted', input },
      ],
    },
  };
}

/**
 * The chunks an assistant message's content list may hold (Mistral's API reference: text,
 * reference and thinking chunks; a thinking chunk's `thinking` is a list of text or reference
 * chunks, with an optional `closed` flag). Anything else fails pydantic's union validation.
 */
function badAssistantChunk(chunk: unknown): string | undefined {
  if (!isRecord(chunk)) return 'chunk is not an object';
  if (chunk.type === 'text') return typeof chunk.text === 'string' ? undefined : 'text chunk without text';
  if (chunk.type === 'reference')
    return Array.isArray(chunk.reference_ids) ? undefined : 'bad reference chunk';
  if (chunk.type !== 'thinking') return `chunk type ${String(chunk.type)} is not text, reference or thinking`;
  if (!Array.isArray(chunk.thinking)) return 'thinking chunk whose thinking is not a list of chunks';
  if (chunk.closed !== undefined && typeof chunk.closed !== 'boolean') return 'closed is not a boolean';
  const inner = chunk.thinking.find(
    (part) =>
      !isRecord(part) || !(part.type === 'text' ? typeof part.text === 'string' : part.type === 'reference'),
  );
  return inner === undefined ? undefined : 'thinking holds a chunk that is not text or reference';
}

export const mistralRules: StrictRule[] = [
  onlyKnownFields(MISTRAL_FIELDS, (field, value) => extraForbidden([field], value)),
  {
    name: 'messages-carry-only-known-fields',
    check(body) {
      for (const [index, message] of body.messages.entries()) {
        const allowed = MISTRAL_MESSAGE_FIELDS[message.role] ?? [];
        const extra = Object.keys(message).find((key) => !allowed.includes(key));
        if (extra) return extraForbidden(['messages', index, message.role, extra], message[extra]);
      }
      return undefined;
    },
  },
  {
    name: 'assistant-content-is-text-or-thinking-chunks',
    check(body) {
      for (const [index, message] of body.messages.entries()) {
        if (message.role !== 'assistant' || !Array.isArray(message.content)) continue;
        for (const [position, chunk] of message.content.entries()) {
          const problem = badAssistantChunk(chunk);
          if (problem)
            return {
              status: 422,
              message: `Input should be a valid chunk: ${problem}`,
              body: {
                detail: [
                  {
                    type: 'union_tag_invalid',
                    loc: ['body', 'messages', index, 'assistant', 'content', position],
                    msg: `Input should be a valid chunk: ${problem}`,
                    input: chunk,
                  },
                ],
              },
            };
        }
      }
      return undefined;
    },
  },
  {
    name: 'tool-ids-are-nine-alphanumerics',
    check(body) {
      for (const message of body.messages) {
        const ids = [
          ...toolCallsOf(message).map((call) => call.id),
          ...(message.role === 'tool' ? [message.tool_call_id] : []),
        ];
        const bad = ids.find((id) => typeof id !== 'string' || !MISTRAL_TOOL_ID.test(id));
        if (bad !== undefined)
          return {
            message: `Tool call id was ${String(bad)} but must be a-z, A-Z, 0-9, with a length of 9.`,
            code: '3280',
            body: {
              object: 'error',
              message: `Tool call id was ${String(bad)} but must be a-z, A-Z, 0-9, with a length of 9.`,
              type: 'invalid_function_call',
              param: null,
              code: '3280',
            },
          };
      }
      return undefined;
    },
  },
];
