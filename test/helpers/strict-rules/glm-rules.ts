import type { StrictRule } from './strict-rule.js';

export const glmRules: StrictRule[] = [
  {
    name: 'tool-choice-auto-only',
    check(body) {
      if (body.tool_choice === undefined || body.tool_choice === 'auto') return undefined;
      return { message: 'Tool choice must be auto', code: '1214' };
    },
  },
];
