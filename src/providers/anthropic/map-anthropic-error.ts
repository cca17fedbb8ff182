import { type AnthropicErrorType, statusByErrorType, UpstreamReportedError } from '../../errors.js';

/**
 * An `event: error` of an Anthropic-compatible stream as the proxy's error: the backend
 * already speaks in Anthropic error types, so the type is kept (an unknown one is an
 * api_error) and its usual status is what classify-failure reads, naming the provider.
 */
export function mapAnthropicStreamError(value: unknown, provider: string | undefined): UpstreamReportedError {
  const error = isRecord(value) && isRecord(value.error) ? value.error : {};
  const type = typeof error.type === 'string' && isErrorType(error.type) ? error.type : 'api_error';
  const message =
    typeof error.message === 'string' && error.message.trim().length > 0
      ? error.message
      : `The backend reported ${type}`;
  return new UpstreamReportedError(
    type,
    `Backend error${provider ? ` (provider ${provider})` : ''}: ${message}`,
    statusByErrorType[type],
    provider,
  );
}

function isErrorType(value: string): value is AnthropicErrorType {
  return Object.hasOwn(statusByErrorType, value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
