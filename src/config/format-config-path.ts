/** Keys that read well after a dot; anything else (model names with dots or slashes) is bracketed. */
const PLAIN_KEY = /^[A-Za-z_][\w-]*$/;

/**
 * Renders a location in the config file the way users write it in their heads:
 * `providers.deepseek.base_url`, `routes.haiku[1]`, `routes.models["gpt-4.1"]`.
 */
export function formatConfigPath(path: readonly PropertyKey[]): string {
  let result = '';
  for (const key of path) {
    if (typeof key === 'number') result += `[${key}]`;
    else {
      const name = String(key);
      if (!PLAIN_KEY.test(name)) result += `[${JSON.stringify(name)}]`;
      else result += result.length === 0 ? name : `.${name}`;
    }
  }
  return result.length === 0 ? '(top level)' : result;
}
