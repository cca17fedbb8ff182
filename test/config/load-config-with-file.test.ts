// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references literally
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, loadConfigWithWarnings } from '../../src/config/load-config.js';
import { writeConfigFile } from '../helpers/write-config-file.js';

const FILE = `providers:
  local:
    base_url: http://127.0.0.1:11434/v1
    api_key: \${LOCAL_KEY:-}
routes:
  default: local/qwen3:8b
`;

describe('loadConfig with a config file', () => {
  it('reads the file INFINIPROXY_CONFIG names, and the server settings from the environment', () => {
    const path = writeConfigFile(FILE);
    const config = loadConfig({ INFINIPROXY_CONFIG: path, PROXY_PORT: '9001', LOG_FORMAT: 'pretty' }, null);
    expect(config.source).toEqual({ kind: 'file', path });
    expect(config.providers.map((provider) => provider.name)).toEqual(['local']);
    expect(config).toMatchObject({ port: 9001, logFormat: 'pretty', host: '127.0.0.1' });
  });

  it('prefers the --config path over INFINIPROXY_CONFIG', () => {
    const chosen = writeConfigFile(FILE);
    const config = loadConfig({ INFINIPROXY_CONFIG: '/nonexistent.yaml' }, null, { configPath: chosen });
    expect(config.source).toEqual({ kind: 'file', path: chosen });
  });

  it('fills ${NAME} from the .env file too', () => {
    const path = writeConfigFile(FILE);
    const envFile = join(dirname(path), '.env');
    writeFileSync(envFile, 'LOCAL_KEY=sk-from-dotenv\n');
    const config = loadConfig({ INFINIPROXY_CONFIG: path }, envFile);
    expect(config.providers[0]!.backend.apiKey).toBe('sk-from-dotenv');
  });

  it('warns that provider variables set beside a file are ignored, except those the file reads', () => {
    const path = writeConfigFile(FILE.replace('${LOCAL_KEY:-}', '${OPENAI_API_KEY}'));
    const { warnings } = loadConfigWithWarnings(
      { OPENAI_BASE_URL: 'https://api.deepseek.com', OPENAI_MODEL: 'm', OPENAI_API_KEY: 'sk-x' },
      null,
      { configPath: path },
    );
    expect(warnings).toEqual([
      `OPENAI_BASE_URL, OPENAI_MODEL are set but ignored: ${path} defines the providers`,
    ]);
  });

  it('does not validate the ignored provider variables', () => {
    const path = writeConfigFile(FILE);
    expect(() => loadConfig({ TIMEOUT: 'soon' }, null, { configPath: path })).not.toThrow();
  });

  it('still refuses a bad server setting, naming the variable', () => {
    const path = writeConfigFile(FILE);
    expect(() => loadConfig({ PROXY_PORT: 'abc' }, null, { configPath: path })).toThrow(
      'Invalid PROXY_PORT="abc": must be a port number (0-65535)',
    );
  });

  it('reads the environment alone, with no warnings, when no file is named', () => {
    const { config, warnings } = loadConfigWithWarnings({ OPENAI_MODEL: 'm' }, null);
    expect(config.source).toEqual({ kind: 'env' });
    expect(warnings).toEqual([]);
  });
});
