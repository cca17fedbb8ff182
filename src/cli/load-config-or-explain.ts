import type { Config } from '../config/config.js';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { NAME } from '../version.js';

/** The configuration, or undefined after printing the one-line reason it is invalid. */
export function loadConfigOrExplain(): Config | undefined {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${NAME}: ${error.message}\n`);
      return undefined;
    }
    throw error;
  }
}
