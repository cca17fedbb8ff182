// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references literally
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { loadFileConfig } from '../../src/config/load-file-config.js';
import { renderConfigYaml } from '../../src/config/render-config-yaml.js';
import { writeConfigFile } from '../helpers/write-config-file.js';

const BASE = ['providers:', '  local:', '    base_url: http://127.0.0.1:8000/v1'];

function load(lines: string[], env: Record<string, string> = {}) {
  return loadFileConfig(writeConfigFile([...BASE, ...lines].join('\n')), env).config;
}

describe('providers.NAME.model_info', () => {
  it('reads each fact a model entry states and leaves the others out', () => {
    const config = load([
      '    model_info:',
      '      qwen3-coder:30b: { context_window: 65536, vision: false }',
      '      big: { max_output_tokens: 32768, tools: true, reasoning: true }',
    ]);
    expect(config.providers[0]!.modelInfo).toEqual({
      'qwen3-coder:30b': { contextWindow: 65536, vision: false },
      big: { maxOutputTokens: 32768, tools: true, reasoning: true },
    });
  });

  it('reads numbers and flags written through ${VARIABLES}', () => {
    const config = load(['    model_info:', '      m: { context_window: "${WINDOW}", vision: "${SEES}" }'], {
      WINDOW: '131072',
      SEES: 'true',
    });
    expect(config.providers[0]!.modelInfo).toEqual({ m: { contextWindow: 131072, vision: true } });
  });

  it('names a misspelt key and the one meant', () => {
    expect(() => load(['    model_info:', '      m: { context_windw: 4096 }'])).toThrow(
      'providers.local.model_info.m: unknown key "context_windw" (did you mean "context_window"?)',
    );
  });

  it('refuses a flag that is not true or false', () => {
    expect(() => load(['    model_info:', '      m: { vision: maybe }'])).toThrow(
      'providers.local.model_info.m.vision: must be true or false',
    );
  });

  it('is printed by config print and loads back the same', () => {
    const path = writeConfigFile(
      [...BASE, '    model_info:', '      m: { context_window: 65536, tools: false }'].join('\n'),
    );
    const config = loadConfig({ INFINIPROXY_CONFIG: path }, null);
    const printed = renderConfigYaml(config, {});
    expect(printed).toContain('model_info:');
    const reloaded = loadFileConfig(writeConfigFile(printed), {}).config;
    expect(reloaded.providers[0]!.modelInfo).toEqual({ m: { contextWindow: 65536, tools: false } });
  });
});
