import type { Config } from '../config/config.js';
import { ConfigError, loadConfigWithWarnings } from '../config/load-config.js';
import { NAME } from '../version.js';

/**
 * The configuration (from `configPath`, INFINIPROXY_CONFIG or the environment), after printing
 * its warnings to stderr; or undefined after printing the one-line reason it is invalid.
 */
export function loadConfigOrExplain(configPath?: string): Config | undefined {
  try {
    const { config, warnings } = loadConfigWithWarnings(process.env, '.env', { configPath });
    for (const warning of warnings) process.stderr.write(`${NAME}: warning: ${warning}\n`);
    return config;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${NAME}: ${error.message}\n`);
      return undefined;
    }
    throw error;
  }
}
