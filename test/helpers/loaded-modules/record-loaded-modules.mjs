/**
 * Preloaded with `node --import` into a CLI child process: records every module the process
 * loads (ES modules through a loader hook, CommonJS ones from require's cache) and, when the
 * process exits, writes to the file LOADED_MODULES_REPORT names the package names and the
 * packages' files (as `name/path/in/package.js`) it loaded.
 */
import { writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const loadedUrls = new Set();
const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => loadedUrls.add(url));
port1.unref();
register(new URL('./loader-hook.mjs', import.meta.url), { data: { port: port2 }, transferList: [port2] });

/** `…/node_modules/@scope/name/…` and `…/node_modules/name/…` → the package name. */
function packageOf(location) {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(location);
  return match?.[1];
}

/** `…/node_modules/name/lib/file.js` → `name/lib/file.js`, the path past the last node_modules. */
function packageFileOf(location) {
  const at = location.lastIndexOf('node_modules/');
  return at === -1 ? undefined : location.slice(at + 'node_modules/'.length);
}

process.on('exit', () => {
  const locations = [...loadedUrls, ...Object.keys(createRequire(import.meta.url).cache)];
  const packages = new Set(locations.map(packageOf).filter(Boolean));
  const files = new Set(locations.map(packageFileOf).filter(Boolean));
  writeFileSync(
    process.env.LOADED_MODULES_REPORT,
    JSON.stringify({ packages: [...packages].sort(), files: [...files].sort() }),
  );
});
