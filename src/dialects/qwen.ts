import { COMMON_REQUEST_FIELDS, type Dialect, fields } from './dialect.js';
import { genericDialect } from './generic.js';

/**
 * Qwen on Alibaba Cloud DashScope (compatible-mode): `enable_thinking` and `thinking_budget`
 * at the top level, thinking only on streaming requests, the system message first and only
 * there, `tool_choice` without "required".
 */
export const qwenDialect: Dialect = {
  ...genericDialect,
  name: 'qwen',
  label: 'Qwen (DashScope)',
  thinkTags: 'off',
  detect: { hosts: ['dashscope.aliyuncs.com', 'dashscope-intl.aliyuncs.com', '.dashscope.aliyuncs.com'] },
  requestFields: fields(
    COMMON_REQUEST_FIELDS,
    'stream_options',
    'top_k',
    'parallel_tool_calls',
    'enable_thinking',
    'thinking_budget',
  ),
  modelLimits: [
    { model: /^qwen3-max/, maxOutputTokens: 65_536, contextWindow: 262_144, tools: true },
    { model: /^qwen-max/, maxOutputTokens: 8_192, contextWindow: 32_768, tools: true, reasoning: false },
    // The coder models do not think; plus, flash and turbo think when enable_thinking asks.
    { model: /coder/, maxOutputTokens: 65_536, contextWindow: 1_000_000, tools: true, reasoning: false },
    {
      model: /^qwen3?-(plus|flash|turbo)/,
      maxOutputTokens: 32_768,
      contextWindow: 1_000_000,
      tools: true,
      reasoning: true,
    },
  ],
  toolChoice: 'no-required',
  reasoning: { request: 'enable-thinking', efforts: [], history: 'drop', requiresStream: true },
  systemMessages: 'first-only',
  // Vision-language, omni and QVQ models, and the natively multimodal Qwen3.5 and later.
  imageModels: /vl|omni|qvq|qwen3\.(?:[5-9]|\d{2,})/i,
};
