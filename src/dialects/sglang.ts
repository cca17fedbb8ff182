import type { Dialect } from './dialect.js';
import { vllmDialect } from './vllm.js';

/**
 * SGLang's OpenAI server: the same request surface as vLLM (thinking through
 * `chat_template_kwargs`), but reasoning comes back, and is read back in history, as
 * `reasoning_content` when the server runs a reasoning parser.
 */
export const sglangDialect: Dialect = {
  ...vllmDialect,
  name: 'sglang',
  label: 'SGLang',
  detect: { ports: [30000], modelOwners: ['sglang'] },
  reasoning: { ...vllmDialect.reasoning, history: 'reasoning_content' },
};
