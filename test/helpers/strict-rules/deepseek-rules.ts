import { isRecord, type StrictRule, toolCallsOf } from './strict-rule.js';

/** Output caps per model family, from DeepSeek's model and pricing page. */
const DEEPSEEK_OUTPUT_CAPS: readonly [RegExp, number][] = [
  [/^deepseek-reasoner$/, 65_536],
  [/^deepseek-chat$/, 8_192],
  [/^deepseek-v4/, 393_216],
];

export const deepseekRules: StrictRule[] = [
  {
    name: 'max-tokens-within-model-cap',
    check(body) {
      const cap = DEEPSEEK_OUTPUT_CAPS.find(([model]) => model.test(String(body.model)))?.[1];
      const value = body.max_tokens;
      if (cap === undefined || value === undefined) return undefined;
      if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= cap)
        return undefined;
      return { message: `Invalid max_tokens value, the valid range of max_tokens is [1, ${cap}]` };
    },
  },
  {
    name: 'reasoning-content-back-in-tool-loops',
    check(body) {
      // deepseek-reasoner always thinks; V4 models think unless told not to.
      const type = isRecord(body.thinking) ? body.thinking.type : undefined;
      const thinking =
        /reasoner/.test(String(body.model)) ||
        type === 'enabled' ||
        (/^deepseek-v4/.test(String(body.model)) && type !== 'disabled');
      if (!thinking) return undefined;
      const missing = body.messages.some(
        (message) =>
          message.role === 'assistant' &&
          toolCallsOf(message).length > 0 &&
          typeof message.reasoning_content !== 'string',
      );
      return missing
        ? { message: 'The `reasoning_content` in the thinking mode must be passed back to the API.' }
        : undefined;
    },
  },
  {
    name: 'text-only-content',
    check(body) {
      for (const [index, message] of body.messages.entries()) {
        if (message.role !== 'user' && typeof message.content !== 'string' && message.content !== null)
          return {
            message: `Failed to deserialize the JSON body into the target type: messages[${index}]: invalid type: sequence, expected a string`,
          };
        if (!Array.isArray(message.content)) continue;
        const part = message.content.find((item) => !isRecord(item) || item.type !== 'text');
        if (part !== undefined)
          return {
            message: `Failed to deserialize the JSON body into the target type: messages[${index}]: unknown variant \`${isRecord(part) ? String(part.type) : 'null'}\`, expected \`text\``,
          };
      }
      return undefined;
    },
  },
];
