import type { BackendConfig, ProtocolName } from '../config/config.js';
import { detectProtocol } from '../config/detect-protocol.js';

export interface ProtocolSelection {
  protocol: ProtocolName;
  /** How it was chosen, for the banner and `config check`. */
  reason: 'configured' | 'detected from URL path' | 'default';
}

/** The protocol the config (or OPENAI_PROTOCOL) names, else the one the base URL implies (config/detect-protocol.ts). */
export function selectProtocol(
  backend: Pick<BackendConfig, 'basePath'>,
  configured: ProtocolName | undefined,
): ProtocolSelection {
  if (configured) return { protocol: configured, reason: 'configured' };
  const detected = detectProtocol(backend);
  return { protocol: detected, reason: detected === 'chat' ? 'default' : 'detected from URL path' };
}
