// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references literally
import { describe, expect, it } from 'vitest';
import { loadFileConfig } from '../../src/config/load-file-config.js';

const EXAMPLE = new URL('../../infiniproxy.example.yaml', import.meta.url).pathname;

describe('infiniproxy.example.yaml', () => {
  it('is a valid config file, without warnings, once its variables are set', () => {
    const { config, warnings } = loadFileConfig(EXAMPLE, {
      DEEPSEEK_API_KEY: 'sk-deepseek',
      OPENROUTER_API_KEY: 'sk-openrouter',
    });
    expect(warnings).toEqual([]);
    expect(config.providers.map((provider) => provider.name)).toEqual(['deepseek', 'openrouter', 'local']);
    expect(config.routes.families.haiku).toEqual([
      { provider: 'deepseek', model: 'deepseek-v4-flash' },
      { provider: 'local', model: 'qwen3-coder:30b' },
    ]);
  });

  it('names the variable it needs when one is missing', () => {
    expect(() => loadFileConfig(EXAMPLE, { DEEPSEEK_API_KEY: 'sk-deepseek' })).toThrow(
      'providers.openrouter.api_key: ${OPENROUTER_API_KEY} is not set',
    );
  });
});
