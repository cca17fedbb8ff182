import type { DialectName } from '../../src/dialects/dialect.js';
import {
  type BackendError,
  dashscopeErrorShape,
  deepseekErrorShape,
  type ErrorShape,
  geminiErrorShape,
  groqErrorShape,
  llamacppErrorShape,
  mistralErrorShape,
  openaiErrorShape,
  openrouterErrorShape,
  vllmErrorShape,
  zhipuErrorShape,
} from './backend-error-bodies.js';
import { deepseekRules } from './strict-rules/deepseek-rules.js';
import { geminiRules } from './strict-rules/gemini-rules.js';
import { glmRules } from './strict-rules/glm-rules.js';
import { groqRules } from './strict-rules/groq-rules.js';
import { llamacppRules } from './strict-rules/llamacpp-rules.js';
import { lmstudioRules } from './strict-rules/lmstudio-rules.js';
import { mistralRules } from './strict-rules/mistral-rules.js';
import { ollamaRules } from './strict-rules/ollama-rules.js';
import { openaiRules } from './strict-rules/openai-rules.js';
import { openrouterRules } from './strict-rules/openrouter-rules.js';
import { qwenRules, templateSystemFirst } from './strict-rules/qwen-rules.js';
import {
  type ChatBody,
  isRecord,
  type StrictRule,
  toolResultsFollowTheirCalls,
} from './strict-rules/strict-rule.js';

export type { StrictRule } from './strict-rules/strict-rule.js';

// What real backends refuse, per dialect: the rules in strict-rules/ (one file per backend,
// each written from that backend's documentation or the errors it is reported to send,
// never from the proxy's dialect files) and the error shape each backend answers in.

/** A request a strict backend refused: the rule it broke and the backend's answer. */
export interface Rejection extends BackendError {
  rule: string;
  message: string;
}

interface BackendProfile {
  errorShape: ErrorShape;
  rules: readonly StrictRule[];
}

/** Servers that ignore unknown fields still check the tool history, in their own error shape. */
const profiles: Readonly<Record<DialectName, BackendProfile>> = {
  generic: { errorShape: openaiErrorShape, rules: [templateSystemFirst] },
  openai: { errorShape: openaiErrorShape, rules: openaiRules },
  deepseek: { errorShape: deepseekErrorShape, rules: deepseekRules },
  glm: { errorShape: zhipuErrorShape, rules: glmRules },
  qwen: { errorShape: dashscopeErrorShape, rules: qwenRules },
  openrouter: { errorShape: openrouterErrorShape, rules: openrouterRules },
  vllm: { errorShape: vllmErrorShape, rules: [templateSystemFirst] },
  sglang: { errorShape: vllmErrorShape, rules: [templateSystemFirst] },
  ollama: { errorShape: openaiErrorShape, rules: ollamaRules },
  lmstudio: { errorShape: openaiErrorShape, rules: [templateSystemFirst, ...lmstudioRules] },
  llamacpp: { errorShape: llamacppErrorShape, rules: [templateSystemFirst, ...llamacppRules] },
  groq: { errorShape: groqErrorShape, rules: groqRules },
  mistral: { errorShape: mistralErrorShape, rules: mistralRules },
  gemini: { errorShape: geminiErrorShape, rules: geminiRules },
};

/** The rules a backend of this dialect applies, the shared tool-history rule last. */
export function strictRulesFor(dialect: DialectName): readonly StrictRule[] {
  return [...profiles[dialect].rules, toolResultsFollowTheirCalls];
}

/** The first rule the body breaks, as the backend would answer it; undefined when it would be accepted. */
export function checkStrictRules(dialect: DialectName, body: unknown): Rejection | undefined {
  const profile = profiles[dialect];
  if (!isRecord(body) || typeof body.model !== 'string' || !Array.isArray(body.messages))
    return {
      rule: 'json-body',
      message: 'model and messages are required',
      ...profile.errorShape({ message: 'model and messages are required' }),
    };
  for (const rule of strictRulesFor(dialect)) {
    const violation = rule.check(body as ChatBody);
    if (violation) return { rule: rule.name, message: violation.message, ...profile.errorShape(violation) };
  }
  return undefined;
}
