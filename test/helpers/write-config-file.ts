import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes text to a fresh private file (0600 unless a mode is given) and returns its path. */
export function writeConfigFile(text: string, options: { name?: string; mode?: number } = {}): string {
  const path = join(mkdtempSync(join(tmpdir(), 'infiniproxy-config-')), options.name ?? 'infiniproxy.yaml');
  writeFileSync(path, text);
  chmodSync(path, options.mode ?? 0o600);
  return path;
}
