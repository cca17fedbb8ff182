// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references literally
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadFileConfig } from '../../src/config/load-file-config.js';
import { writeConfigFile } from '../helpers/write-config-file.js';

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

describe('the README example', () => {
  it('is a valid config file', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Config file'));
    const example = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
    const { config } = loadFileConfig(writeConfigFile(example), {
      DEEPSEEK_API_KEY: 'sk-deepseek',
      OPENROUTER_API_KEY: 'sk-openrouter',
    });
    expect(config.routes.longContext?.threshold).toBe(100_000);
  });
});
