import { formatConfigPath } from './format-config-path.js';
import type { Environment } from './load-config.js';

/** `${NAME}`, or `${NAME:-fallback}` as in shells and Compose files; `$${` writes a literal `${`. */
const REFERENCE = /\$(\$)?\{([^}]*)\}/g;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface SubstitutionProblem {
  path: PropertyKey[];
  message: string;
}

export interface SubstitutedValue {
  value: unknown;
  /** Every variable a `${NAME}` named, so the loader knows which environment variables the file uses. */
  referenced: Set<string>;
  /** Paths (as formatConfigPath writes them) of strings holding a reference: such a key is not a literal secret. */
  substitutedPaths: Set<string>;
  problems: SubstitutionProblem[];
}

/**
 * Replaces `${NAME}` in every string of a parsed file (keys are left alone: they name things
 * and must stay stable). An empty variable counts as unset, as it does for the environment
 * settings, because .env files often carry `NAME=` lines copied from an example.
 */
export function substituteVariables(value: unknown, env: Environment): SubstitutedValue {
  const result: SubstitutedValue = {
    value: undefined,
    referenced: new Set(),
    substitutedPaths: new Set(),
    problems: [],
  };
  result.value = visit(value, [], env, result);
  return result;
}

function visit(value: unknown, path: PropertyKey[], env: Environment, result: SubstitutedValue): unknown {
  if (typeof value === 'string') return replaceIn(value, path, env, result);
  if (Array.isArray(value)) return value.map((item, index) => visit(item, [...path, index], env, result));
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = visit(item, [...path, key], env, result);
    return copy;
  }
  return value;
}

function replaceIn(text: string, path: PropertyKey[], env: Environment, result: SubstitutedValue): string {
  let substituted = false;
  const replaced = text.replace(REFERENCE, (whole, escaped: string | undefined, body: string) => {
    if (escaped) return whole.slice(1);
    const separator = body.indexOf(':-');
    const name = separator === -1 ? body : body.slice(0, separator);
    const fallback = separator === -1 ? undefined : body.slice(separator + 2);
    if (!VARIABLE_NAME.test(name)) {
      result.problems.push({
        path,
        message: `"\${${body}}" is not a variable reference; write $\${ for a literal \${`,
      });
      return whole;
    }
    substituted = true;
    result.referenced.add(name);
    const found = env[name];
    if (found !== undefined && found !== '') return found;
    if (fallback !== undefined) return fallback;
    result.problems.push({ path, message: `\${${name}} is not set in the environment or .env` });
    return whole;
  });
  if (substituted) result.substitutedPaths.add(formatConfigPath(path));
  return replaced;
}
