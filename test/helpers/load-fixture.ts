import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES_DIR = new URL('../fixtures/', import.meta.url).pathname;

/**
 * Reads a JSON fixture. Leading `//` lines are a header naming the source and what the
 * case exercises; they are stripped before parsing.
 */
export function readJsonFixture<T = unknown>(path: string): T {
  const text = readFileSync(join(FIXTURES_DIR, path), 'utf8');
  const body = text
    .split('\n')
    .filter(
      (line, index, lines) =>
        !(line.startsWith('//') && lines.slice(0, index).every((l) => l.startsWith('//'))),
    )
    .join('\n');
  return JSON.parse(body) as T;
}

/** Names of the cases in a fixture folder that have a file with the given suffix, e.g. ".anthropic.json". */
export function listFixtureCases(folder: string, suffix: string): string[] {
  return readdirSync(join(FIXTURES_DIR, folder))
    .filter((name) => name.endsWith(suffix))
    .map((name) => name.slice(0, -suffix.length))
    .sort();
}

/** Reads a fixture as text, e.g. an `.openai.sse` body to replay byte for byte. */
export function readTextFixture(path: string): string {
  return readFileSync(join(FIXTURES_DIR, path), 'utf8');
}

/**
 * The proxy settings a case needs beyond the defaults, from `env: NAME=value` lines in its
 * header (`: env: THINK_TAGS=open` in an `.sse`, `// env: …` in a `.json`).
 */
export function readFixtureEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const comment = line.startsWith(':') ? line.slice(1) : line.startsWith('//') ? line.slice(2) : undefined;
    if (comment === undefined) break;
    const setting = /^\s*env:\s*([A-Z_]+)=(.*)$/.exec(comment);
    if (setting) env[setting[1]!] = setting[2]!.trim();
  }
  return env;
}

/** Every `<dialect>/<case>` that has a file with the given suffix, across all fixture folders. */
export function listAllFixtureCases(suffix: string): string[] {
  return readdirSync(FIXTURES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => listFixtureCases(entry.name, suffix).map((name) => `${entry.name}/${name}`))
    .sort();
}
