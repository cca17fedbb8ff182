import type { StrictRule } from './strict-rule.js';

/**
 * llama.cpp's llama-server reads tool_choice as a string only ("auto", "none", "required"):
 * an object naming a function is logged as "Wrong type supplied for parameter 'tool_choice'"
 * and replaced by "auto", so the named tool is silently not forced. The real server answers
 * 200; this backend refuses instead, so a test sees the downgrade the user never would.
 */
export const llamacppRules: StrictRule[] = [
  {
    name: 'tool-choice-is-a-string',
    check(body) {
      if (body.tool_choice === undefined || typeof body.tool_choice === 'string') return undefined;
      return {
        message:
          'Wrong type supplied for parameter \'tool_choice\' (llama-server would ignore it and use "auto")',
      };
    },
  },
];
