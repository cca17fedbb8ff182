import { createRequire } from 'node:module';
import type * as Undici from 'undici';

/**
 * The parts of undici the proxy uses, loaded from their own modules. undici's package index
 * also loads fetch, WebSocket, EventSource, the cache API and the mock agents: ~9 MiB
 * resident for the life of the process (a bare node measured 39 MiB here, with undici's
 * index 60, with these parts 51), none of which the proxy calls. undici publishes no exports
 * map, so these paths are as public as its index; the start-up test fails if a release moves
 * them or if the index comes back.
 */
const require = createRequire(import.meta.url);

const Dispatcher: typeof Undici.Dispatcher = require('undici/lib/dispatcher/dispatcher.js');
// What undici's index does first: the request API on every dispatcher.
Object.assign(Dispatcher.prototype, require('undici/lib/api/index.js'));

export type { Dispatcher } from 'undici';

export const Pool: typeof Undici.Pool = require('undici/lib/dispatcher/pool.js');
export type Pool = Undici.Pool;
export const Agent: typeof Undici.Agent = require('undici/lib/dispatcher/agent.js');
export type Agent = Undici.Agent;
export const Client: typeof Undici.Client = require('undici/lib/dispatcher/client.js');
export const errors: typeof Undici.errors = require('undici/lib/core/errors.js');
export const redirectInterceptor: typeof Undici.interceptors.redirect = require('undici/lib/interceptor/redirect.js');

/**
 * What stops a request: the part of an AbortSignal undici reads. Undici takes any object with
 * addEventListener as a request's signal (it reads `aborted` and `reason`, and adds and removes
 * one abort listener), so the proxy's attempts pass a plain object (dispatch/request-abort.ts);
 * an AbortSignal fits too.
 */
export interface UpstreamSignal {
  readonly aborted: boolean;
  /** An AbortError once aborted, as an aborted AbortSignal's. */
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** An UpstreamSignal typed as undici's request options declare their signal (AbortSignal or EventEmitter). */
export const asUndiciSignal = (signal: UpstreamSignal): AbortSignal => signal as AbortSignal;
