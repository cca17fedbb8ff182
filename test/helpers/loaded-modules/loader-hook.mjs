/** The loader hook of record-loaded-modules.mjs: reports each module's URL as it is loaded. */
let port;

export function initialize(data) {
  port = data.port;
}

export function load(url, context, nextLoad) {
  port.postMessage(url);
  return nextLoad(url, context);
}
