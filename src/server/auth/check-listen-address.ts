import { isIPv4 } from 'node:net';
import type { Config } from '../../config/config.js';
import { ConfigError } from '../../config/load-config.js';

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  const normalized = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (normalized === 'localhost' || normalized === '::1' || normalized === '0:0:0:0:0:0:0:1') return true;
  const v4 = normalized.startsWith('::ffff:') ? normalized.slice('::ffff:'.length) : normalized;
  return isIPv4(v4) && v4.startsWith('127.');
}

/**
 * A proxy holds a backend key that costs money. Listening beyond loopback without
 * PROXY_API_KEY would let anyone on the network spend it, so that needs an explicit
 * ALLOW_UNAUTHENTICATED=true.
 */
export function checkListenAddress(config: Config): void {
  if (
    config.proxyApiKeys.length > 0 ||
    config.teamGateway.enabled ||
    config.allowUnauthenticated ||
    isLoopbackHost(config.host)
  )
    return;
  throw new ConfigError(
    `Refusing to listen on PROXY_HOST=${config.host} without PROXY_API_KEY: anyone who can reach this address could use your backend and its key. Set PROXY_API_KEY, listen on 127.0.0.1, or set ALLOW_UNAUTHENTICATED=true for a trusted network.`,
  );
}
