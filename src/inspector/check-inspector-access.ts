import { isLoopbackHost } from '../server/auth/check-listen-address.js';

/**
 * Who may see the inspector. With PROXY_API_KEY set the proxy's auth hook asks every data
 * request for a key, so anyone holding one may look. Without keys the page would show every
 * prompt to whoever can reach the port, so only this machine's own clients are answered,
 * even when ALLOW_UNAUTHENTICATED opened the API to the network.
 */
export function mayInspect(keysConfigured: boolean, remoteAddress: string | undefined): boolean {
  if (keysConfigured) return true;
  return remoteAddress !== undefined && isLoopbackHost(remoteAddress);
}
