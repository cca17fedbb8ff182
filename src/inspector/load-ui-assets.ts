import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface UiAsset {
  contentType: string;
  body: Buffer;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Where the page's files are: dist/ui beside the built code (`npm run build` copies ui/
 * there, and the package ships dist), or ui/ at the project root when running from sources.
 */
function findUiFolder(): string | undefined {
  const candidates = [new URL('../ui/', import.meta.url), new URL('../../ui/', import.meta.url)];
  for (const candidate of candidates) {
    const folder = fileURLToPath(candidate);
    if (existsSync(join(folder, 'index.html'))) return folder;
  }
  return undefined;
}

let cached: ReadonlyMap<string, UiAsset> | undefined;

/**
 * Every file of the page, read once into memory and looked up by exact name: a request
 * can only ever get one of these, whatever its path says, and nothing leaves the folder.
 */
export function loadUiAssets(): ReadonlyMap<string, UiAsset> {
  if (cached) return cached;
  const folder = findUiFolder();
  const assets = new Map<string, UiAsset>();
  if (folder) {
    for (const name of readdirSync(folder)) {
      const contentType = CONTENT_TYPES[extname(name)];
      if (contentType) assets.set(name, { contentType, body: readFileSync(join(folder, name)) });
    }
  }
  cached = assets;
  return assets;
}
