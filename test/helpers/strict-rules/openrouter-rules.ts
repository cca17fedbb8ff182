import { isRecord, type StrictRule } from './strict-rule.js';

export const openrouterRules: StrictRule[] = [
  {
    name: 'reasoning-effort-or-max-tokens',
    check(body) {
      const reasoning = body.reasoning;
      if (!isRecord(reasoning) || reasoning.effort === undefined || reasoning.max_tokens === undefined)
        return undefined;
      return { message: 'Only one of "reasoning.effort" and "reasoning.max_tokens" may be specified' };
    },
  },
];
