import { deepseekDialect } from './deepseek.js';
import type { Dialect, DialectName } from './dialect.js';
import { geminiDialect } from './gemini.js';
import { genericDialect } from './generic.js';
import { glmDialect } from './glm.js';
import { groqDialect } from './groq.js';
import { llamacppDialect } from './llamacpp.js';
import { lmstudioDialect } from './lmstudio.js';
import { mistralDialect } from './mistral.js';
import { ollamaDialect } from './ollama.js';
import { openaiDialect } from './openai.js';
import { openrouterDialect } from './openrouter.js';
import { qwenDialect } from './qwen.js';
import { sglangDialect } from './sglang.js';
import { vllmDialect } from './vllm.js';

/** Every dialect by name; the record type makes a new DialectName fail the build until it is listed. */
export const dialectsByName: Readonly<Record<DialectName, Dialect>> = {
  generic: genericDialect,
  openai: openaiDialect,
  deepseek: deepseekDialect,
  glm: glmDialect,
  qwen: qwenDialect,
  openrouter: openrouterDialect,
  vllm: vllmDialect,
  sglang: sglangDialect,
  ollama: ollamaDialect,
  lmstudio: lmstudioDialect,
  llamacpp: llamacppDialect,
  groq: groqDialect,
  mistral: mistralDialect,
  gemini: geminiDialect,
};

export const DIALECT_NAMES = Object.keys(dialectsByName) as DialectName[];

export function isDialectName(value: string): value is DialectName {
  return Object.hasOwn(dialectsByName, value);
}
