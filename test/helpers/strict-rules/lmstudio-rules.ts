import type { StrictRule } from './strict-rule.js';

/** LM Studio refuses an object tool_choice, in its own `{"error":"…"}` shape (lmstudio-bug-tracker #670). */
export const lmstudioRules: StrictRule[] = [
  {
    name: 'tool-choice-is-a-string',
    check(body) {
      if (body.tool_choice === undefined || typeof body.tool_choice === 'string') return undefined;
      const message = "Invalid tool_choice type: 'object'. Supported string values: none, auto, required";
      return { message, body: { error: message } };
    },
  },
];
