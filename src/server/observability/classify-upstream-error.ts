import type { ProxyError } from '../../errors.js';

/** The label of infiniproxy_upstream_errors_total: what went wrong with the backend. */
export type UpstreamErrorKind = 'status' | 'unreachable' | 'timeout' | 'protocol' | 'reported' | 'stream';

/** The backend's share of a failure, or null when the failure was the client's or the proxy's. */
export function classifyUpstreamError(error: ProxyError): UpstreamErrorKind | null {
  switch (error.code) {
    case 'UPSTREAM_STATUS':
      return 'status';
    case 'UPSTREAM_UNREACHABLE':
      return 'unreachable';
    case 'UPSTREAM_TIMEOUT':
      return 'timeout';
    case 'UPSTREAM_PROTOCOL':
      return 'protocol';
    case 'UPSTREAM_REPORTED':
      return 'reported';
    default:
      return null;
  }
}
