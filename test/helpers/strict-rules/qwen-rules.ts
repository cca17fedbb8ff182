import type { StrictRule } from './strict-rule.js';

/**
 * Qwen3.5 and later ship a chat template that raises "System message must be at the
 * beginning." on a system message after the first; servers rendering it (vLLM, SGLang,
 * llama.cpp, LM Studio) answer with a 400.
 */
const QWEN_STRICT_TEMPLATE = /qwen3\.(?:[5-9]|\d{2,})/i;

export const templateSystemFirst: StrictRule = {
  name: 'template-system-message-first',
  check(body) {
    if (!QWEN_STRICT_TEMPLATE.test(String(body.model))) return undefined;
    const late = body.messages.findIndex((message, index) => message.role === 'system' && index > 0);
    return late === -1 ? undefined : { message: 'System message must be at the beginning.' };
  },
};

export const qwenRules: StrictRule[] = [
  {
    name: 'system-message-first',
    check(body) {
      const late = body.messages.findIndex((message, index) => message.role === 'system' && index > 0);
      return late === -1 ? undefined : { message: 'System message must be at the beginning.' };
    },
  },
  {
    name: 'thinking-only-when-streaming',
    check(body) {
      if (body.enable_thinking !== true || body.stream === true) return undefined;
      return { message: 'parameter.enable_thinking must be set to false for non-streaming calls' };
    },
  },
  {
    name: 'tool-choice-without-required',
    check(body) {
      if (body.tool_choice !== 'required') return undefined;
      return { message: 'tool_choice only supports "auto", "none" or a named function' };
    },
  },
];
