/**
 * Preloaded with `node --import` into a CLI child process: records every module the process
 * loads (ES modules through a loader hook, CommonJS ones from require's cache) and, when the
 * process exits, writes the list of package names to the file LOADED_MODULES_REPORT names.
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

process.on('exit', () => {
  const requireCache = Object.keys(createRequire(import.meta.url).cache);
  const packages = new Set([...loadedUrls, ...requireCache].map(packageOf).filter(Boolean));
  writeFileSync(process.env.LOADED_MODULES_REPORT, JSON.stringify([...packages].sort()));
});
