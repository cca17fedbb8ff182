import { COMMON_REQUEST_FIELDS, type Dialect, fields } from './dialect.js';
import { genericDialect } from './generic.js';

/**
 * Zhipu GLM (open.bigmodel.cn, api.z.ai, and hosts serving GLM under its API): only
 * `tool_choice: "auto"`, `thinking: {type}`, `tool_stream` to stream tool arguments, and
 * no `stream_options` (usage comes on the last chunk anyway).
 */
export const glmDialect: Dialect = {
  ...genericDialect,
  name: 'glm',
  label: 'GLM (Zhipu)',
  thinkTags: 'off',
  detect: { hosts: ['open.bigmodel.cn', 'api.z.ai'] },
  requestFields: fields(COMMON_REQUEST_FIELDS, 'thinking', 'tool_stream'),
  modelLimits: [
    // Vision comes from imageModels below: the "v" models share these caps' name prefixes.
    { model: /^glm-4\.5/, maxOutputTokens: 98_304, contextWindow: 131_072, tools: true, reasoning: true },
    {
      model: /^glm-(4\.[6-9]|5)/,
      maxOutputTokens: 131_072,
      contextWindow: 204_800,
      tools: true,
      reasoning: true,
    },
  ],
  toolChoice: 'auto-only',
  // The vision models carry a "v" after the version (glm-4.5v, glm-4.6v-flash, glm-4v-plus).
  imageModels: /^glm-[\d.]+v/i,
  reasoning: { request: 'thinking-type', efforts: [], history: 'drop' },
};
