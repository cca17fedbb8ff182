import { describe, expect, it } from 'vitest';
import { areaOf } from '../../bench/profile-areas.js';

const frame = (functionName: string, url: string) => ({ functionName, url });
const ROOT = 'file:///srv/infiniproxy';

describe('areaOf: the profile by area files each sample by the function it was taken in', () => {
  it.each([
    [frame('(garbage collector)', ''), 'garbage collector'],
    [frame('(idle)', ''), 'idle'],
    [frame('writev', ''), 'socket writes (kernel)'],
    [frame('runMicrotasks', ''), 'other native calls (microtasks, buffers…)'],
    [frame('emit', 'node:events'), "Node's http, net, streams and events"],
    [frame('onSendEnd', `${ROOT}/node_modules/fastify/lib/reply.js`), 'Fastify'],
    [frame('find', `${ROOT}/node_modules/find-my-way/index.js`), 'Fastify'],
    [frame('_resume', `${ROOT}/node_modules/undici/lib/dispatcher/client.js`), 'undici'],
    [frame('write', `${ROOT}/node_modules/sonic-boom/index.js`), 'pino (log)'],
    [frame('setValue', `${ROOT}/node_modules/prom-client/lib/counter.js`), 'prom-client (metrics)'],
    [frame('parse', `${ROOT}/node_modules/zod/v4/core/parse.js`), 'zod (validation)'],
    [frame('repair', `${ROOT}/node_modules/jsonrepair/lib/esm/index.js`), 'other libraries'],
    [
      frame('translate', `${ROOT}/node_modules/.cache/infiniproxy-bench/bench/compare/bare-translator.js`),
      "the floor's own code",
    ],
    [frame('put', `${ROOT}/dist/inspector/exchange-store.js`), 'inspector'],
    [
      frame('observeRequest', `${ROOT}/dist/server/observability/create-metrics.js`),
      'access log and metrics (own code)',
    ],
    [
      frame('parseWithKeptList', `${ROOT}/dist/server/limits/parse-request-json.js`),
      "the request's body: reading, JSON.parse, limits",
    ],
    [
      frame('writeFrames', `${ROOT}/dist/server/streaming/open-event-stream.js`),
      "writing the client's stream",
    ],
    [frame('handler', `${ROOT}/dist/server/routes/messages-route.js`), 'server: routes, keys, headers'],
    [frame('encodeBody', `${ROOT}/dist/translate/known-json.js`), 'translation'],
    [frame('parseSse', `${ROOT}/dist/upstream/parse-sse.js`), 'backend call and reading the answer'],
    [frame('tryRoute', `${ROOT}/dist/dispatch/dispatch.js`), 'routing and dispatch'],
  ])('%o → %s', (callFrame, area) => {
    expect(areaOf(callFrame)).toBe(area);
  });
});
