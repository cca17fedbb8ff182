import type { Environment } from '../config/load-config.js';
import type { CliOutput } from './apply-cli-conventions.js';

/** What `config check` and `config print` read and write; tests pass their own. */
export interface ConfigCommandIo {
  env: Environment;
  /** The .env file read for settings the environment lacks; null reads none. */
  envFile: string | null;
  /** `--config FILE` given before the command. */
  configPath?: string | undefined;
  stdout: CliOutput;
  stderr: CliOutput;
}

export function defaultConfigCommandIo(configPath?: string): ConfigCommandIo {
  return { env: process.env, envFile: '.env', configPath, stdout: process.stdout, stderr: process.stderr };
}
