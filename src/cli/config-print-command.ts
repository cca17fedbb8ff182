import {
  ConfigError,
  type LoadedConfig,
  loadConfigWithWarnings,
  mergeEnvironment,
} from '../config/load-config.js';
import { renderConfigYaml } from '../config/render-config-yaml.js';
import { NAME } from '../version.js';
import type { ConfigCommandIo } from './config-command-io.js';

/**
 * `infiniproxy config print`: the configuration in effect, from the environment or a file, as
 * a config file on stdout with secrets written as `${NAME}` references (see renderConfigYaml).
 * Warnings and errors go to stderr, so `config print > infiniproxy.yaml` saves only the file.
 */
export function runConfigPrint(io: ConfigCommandIo): number {
  let loaded: LoadedConfig;
  try {
    loaded = loadConfigWithWarnings(io.env, io.envFile, { configPath: io.configPath });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`${NAME}: ${error.message}\n`);
    return 1;
  }
  for (const warning of loaded.warnings) io.stderr.write(`${NAME}: warning: ${warning}\n`);
  io.stdout.write(renderConfigYaml(loaded.config, mergeEnvironment(io.env, io.envFile)));
  return 0;
}
