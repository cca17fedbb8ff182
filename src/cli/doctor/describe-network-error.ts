/** The code a Node socket, DNS or TLS error carries, looking through undici's wrappers. */
export function readErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  let undiciCode: string | undefined;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    const cause = (current as { cause?: unknown }).cause;
    // The proxy's own errors wrap the socket's; its code says less than the one inside.
    const wrapper = typeof code === 'string' && code.startsWith('UPSTREAM_') && cause !== undefined;
    if (typeof code === 'string' && code.startsWith('UND_ERR_')) undiciCode ??= code;
    else if (typeof code === 'string' && !wrapper) return code;
    current = cause;
  }
  if (undiciCode) return undiciCode;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** An operating-system or TLS error code as a sentence a user can act on. */
export function describeNetworkError(error: unknown, where: string): string {
  // AbortSignal.timeout and aborts reject with a DOMException, whose code is a number.
  const name = (error as { name?: unknown } | null)?.name;
  const code = name === 'TimeoutError' || name === 'AbortError' ? 'ABORT_ERR' : readErrorCode(error);
  switch (code) {
    case 'ENOTFOUND':
      return `the host name of ${where} does not resolve (DNS lookup found no address; check the spelling)`;
    case 'EAI_AGAIN':
      return `DNS lookup for ${where} failed for now (no network or no DNS server answering?)`;
    case 'ECONNREFUSED':
      return `nothing accepts connections at ${where} (connection refused): is the server running on that port?`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `connecting to ${where} timed out (a firewall, a wrong address, or the server is down)`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `there is no network route to ${where}`;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return `${where} closed the connection unexpectedly`;
    case 'EPROTO':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return `TLS handshake with ${where} failed: the server may speak plain http (try http:// in OPENAI_BASE_URL)`;
    case 'CERT_HAS_EXPIRED':
      return `the TLS certificate of ${where} has expired`;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return `the TLS certificate of ${where} is not trusted (${code}); set NODE_EXTRA_CA_CERTS to its CA file`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the TLS certificate of ${where} is for a different host name`;
    case 'ABORT_ERR':
    case 'UND_ERR_ABORTED':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return `${where} did not answer in time`;
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return code ? `${where}: ${message} (${code})` : `${where}: ${message}`;
    }
  }
}
