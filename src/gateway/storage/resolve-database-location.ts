import { join } from 'node:path';

/** Where the embedded database lives: `$XDG_DATA_HOME/infiniproxy/`, else `~/.local/share/infiniproxy/`. */
export function resolveDataDir(env: Record<string, string | undefined>): string | undefined {
  const explicit = env.INFINIPROXY_DATA_DIR?.trim();
  if (explicit) return explicit;
  const xdg = env.XDG_DATA_HOME?.trim();
  if (xdg) return join(xdg, 'infiniproxy');
  // Only the environment's HOME: a caller that passes no HOME (tests) gets no default file.
  const home = env.HOME?.trim();
  return home ? join(home, '.local', 'share', 'infiniproxy') : undefined;
}

/** The SQLite file inside the data directory. */
export function sqliteFileIn(dataDir: string): string {
  return join(dataDir, 'gateway.sqlite');
}
