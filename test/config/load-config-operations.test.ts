import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';
import { readEnvSettings } from '../helpers/read-env-settings.js';

describe('loadConfig security and operations settings', () => {
  it('defaults to no proxy keys, a 32 MB body limit, JSON logs and an 8 s shutdown grace period', () => {
    expect(loadConfig({}, null)).toMatchObject({
      proxyApiKeys: [],
      allowUnauthenticated: false,
      bodyLimitBytes: 32 * 1024 * 1024,
      logFormat: 'json',
      shutdownGraceMs: 8000,
    });
  });

  it('turns the inspector on by default, keeping 200 exchanges with bodies up to 256 KB', () => {
    expect(loadConfig({}, null).inspector).toEqual({ enabled: true, maxExchanges: 200, maxBodyKb: 256 });
    // An empty INSPECTOR= (a setting left blank in a .env) keeps the default.
    expect(loadConfig({ INSPECTOR: '' }, null).inspector.enabled).toBe(true);
  });

  it('reads the inspector settings', () => {
    expect(
      loadConfig({ INSPECTOR: 'off', INSPECTOR_MAX_EXCHANGES: '50', INSPECTOR_MAX_BODY_KB: '64' }, null)
        .inspector,
    ).toEqual({ enabled: false, maxExchanges: 50, maxBodyKb: 64 });
  });

  it('reads PROXY_API_KEY as a comma-separated list, trimming and skipping empty entries', () => {
    expect(loadConfig({ PROXY_API_KEY: ' one , two,,three ' }, null).proxyApiKeys).toEqual([
      'one',
      'two',
      'three',
    ]);
    expect(loadConfig({ PROXY_API_KEY: ' , ' }, null).proxyApiKeys).toEqual([]);
  });

  it('reads the other settings', () => {
    expect(
      loadConfig(
        {
          ALLOW_UNAUTHENTICATED: 'yes',
          BODY_LIMIT_MB: '1.5',
          LOG_FORMAT: 'Pretty',
          SHUTDOWN_GRACE_SECONDS: '0',
        },
        null,
      ),
    ).toMatchObject({
      allowUnauthenticated: true,
      bodyLimitBytes: 1.5 * 1024 * 1024,
      logFormat: 'pretty',
      shutdownGraceMs: 0,
    });
  });

  it.each([
    [{ BODY_LIMIT_MB: 'big' }, 'Invalid BODY_LIMIT_MB="big": must be a number of megabytes'],
    [{ BODY_LIMIT_MB: '0' }, 'Invalid BODY_LIMIT_MB="0": must be between 0 and 1024 megabytes'],
    [{ LOG_FORMAT: 'xml' }, 'Invalid LOG_FORMAT="xml": must be json or pretty'],
    [{ SHUTDOWN_GRACE_SECONDS: '-1' }, 'Invalid SHUTDOWN_GRACE_SECONDS="-1": must be a number of seconds'],
    [
      { SHUTDOWN_GRACE_SECONDS: '3000000' },
      'Invalid SHUTDOWN_GRACE_SECONDS="3000000": must be at most 2147483 seconds',
    ],
    [{ ALLOW_UNAUTHENTICATED: 'sure' }, 'Invalid ALLOW_UNAUTHENTICATED="sure": must be true or false'],
    [{ INSPECTOR: 'maybe' }, 'Invalid INSPECTOR="maybe": must be true or false'],
    [
      { INSPECTOR_MAX_EXCHANGES: '0' },
      'Invalid INSPECTOR_MAX_EXCHANGES="0": must be a whole number of exchanges, 1 or more',
    ],
    [
      { INSPECTOR_MAX_BODY_KB: '1.5' },
      'Invalid INSPECTOR_MAX_BODY_KB="1.5": must be a whole number of kilobytes, 1 or more',
    ],
  ])('rejects %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env, null)).toThrow(ConfigError);
    expect(() => loadConfig(env, null)).toThrow(message);
  });
});

describe('loadConfig without a .env file', () => {
  const originalCwd = process.cwd();
  afterEach(() => process.chdir(originalCwd));

  it('reads no .env from the working directory when the file argument is null', () => {
    const dir = mkdtempSync(join(tmpdir(), 'infiniproxy-cwd-'));
    writeFileSync(join(dir, '.env'), 'OPENAI_MODEL=from-developer-env\n');
    process.chdir(dir);
    expect(readEnvSettings(loadConfig({}, null)).model).toBeUndefined();
    expect(readEnvSettings(loadConfig({})).model).toBe('from-developer-env');
  });
});
