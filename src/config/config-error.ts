/** A configuration problem, told in one line that names the variable or the file path at fault. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
