import { type AnthropicErrorType, UpstreamReportedError, UpstreamStatusError } from '../errors.js';
import { describeContextOverflow, readContextOverflow } from './read-context-overflow.js';

/** Backend HTTP status → Anthropic error type and the status the client sees. One table, both paths. */
export function mapUpstreamStatus(status: number): { type: AnthropicErrorType; status: number } {
  switch (status) {
    case 400:
    case 422:
      return { type: 'invalid_request_error', status: 400 };
    case 401:
      return { type: 'authentication_error', status: 401 };
    case 402:
      return { type: 'billing_error', status: 402 };
    case 403:
      return { type: 'permission_error', status: 403 };
    case 404:
      return { type: 'not_found_error', status: 404 };
    case 408:
    case 504:
      return { type: 'timeout_error', status: 504 };
    case 413:
      return { type: 'request_too_large', status: 413 };
    case 429:
      return { type: 'rate_limit_error', status: 429 };
    case 502:
    case 503:
    case 529:
      return { type: 'overloaded_error', status: 529 };
    default:
      if (status >= 400 && status < 500) return { type: 'invalid_request_error', status: 400 };
      return { type: 'api_error', status: 500 };
  }
}

/**
 * Reads the human message out of a backend error body. Backends use four shapes: the
 * OpenAI nested `{"error":{"message"}}`, vLLM/Mistral's top-level `{"object":"error","message"}`,
 * Gemini's array `[{"error":{…}}]`, and the validation list of FastAPI servers (Mistral's
 * 422) `{"detail":[{"type","loc","msg"}]}`, bare or inside `message`. Never throws: an
 * unreadable body yields its text.
 */
export function readUpstreamErrorMessage(bodyText: string): { message: string; code?: string } {
  let value: unknown;
  try {
    value = JSON.parse(bodyText);
  } catch {
    return { message: bodyText.trim().slice(0, 500) };
  }
  if (Array.isArray(value)) value = value[0];
  if (!isRecord(value)) return { message: bodyText.trim().slice(0, 500) };
  const nested = isRecord(value.error)
    ? value.error
    : typeof value.error === 'string'
      ? { message: value.error }
      : value;
  const validation = readValidationDetail(nested.detail) ?? readValidationDetail(nested.message);
  if (validation) return validation;
  const message = typeof nested.message === 'string' ? nested.message : bodyText.trim().slice(0, 500);
  const code = nested.code ?? nested.type ?? nested.status;
  return code === undefined || code === null ? { message } : { message, code: String(code) };
}

/**
 * FastAPI's validation errors as one readable line, each problem with the field it names:
 * "Extra inputs are not permitted: body.max_completion_tokens". The first problem's type
 * (extra_forbidden, missing, …) is the code.
 */
function readValidationDetail(value: unknown): { message: string; code?: string } | undefined {
  const detail = isRecord(value) ? value.detail : value;
  if (!Array.isArray(detail)) return undefined;
  const problems = detail.filter(isRecord).filter((problem) => typeof problem.msg === 'string');
  if (problems.length === 0) return undefined;
  const message = problems
    .map((problem) =>
      Array.isArray(problem.loc) ? `${problem.msg}: ${problem.loc.join('.')}` : String(problem.msg),
    )
    .join('; ');
  const code = problems[0]!.type;
  return typeof code === 'string' ? { message, code } : { message };
}

export interface UpstreamStatusErrorOptions {
  /** The provider that answered, named in the message. */
  provider?: string | undefined;
  /** The backend's retry-after, in seconds or as an HTTP date. */
  retryAfter?: string | undefined;
}

export function createUpstreamStatusError(
  status: number,
  bodyText: string,
  options: UpstreamStatusErrorOptions = {},
): UpstreamStatusError {
  const { provider, retryAfter } = options;
  const mapped = mapUpstreamStatus(status);
  const { message, code } = readUpstreamErrorMessage(bodyText);
  const detail = message.length > 0 ? message : `HTTP ${status}`;
  const overflow =
    mapped.type === 'invalid_request_error'
      ? readContextOverflow(parseJson(bodyText), detail, code)
      : undefined;
  const contextOverflow = overflow !== undefined;
  // Claude Code acts on the Anthropic API's own wording (it compacts, or asks for fewer tokens).
  const text = overflow
    ? `${describeContextOverflow(overflow, detail)}${provider ? ` (provider ${provider})` : ''}`
    : `Backend error (${provider ? `provider ${provider}, ` : ''}HTTP ${status}): ${detail}`;
  return new UpstreamStatusError(status, mapped.type, text, {
    status: mapped.status,
    contextOverflow,
    bodyText,
    ...(retryAfter ? { retryAfter } : {}),
    ...(provider ? { provider } : {}),
  });
}

/**
 * An error the backend reported inside a 200 answer: a whole `{"error":…}` body, or an
 * error chunk in the middle of a stream. A numeric code (OpenRouter puts the HTTP status
 * there) picks the type from the status table; anything else is an api_error. A context
 * overflow reported this way (LM Studio streams "Context size has been exceeded.") gets the
 * same invalid_request_error and wording as one answered with a status.
 */
export function createReportedError(bodyText: string, provider?: string): UpstreamReportedError {
  const { message, code } = readUpstreamErrorMessage(bodyText);
  const status = code !== undefined && /^\d{3}$/.test(code) ? Number(code) : undefined;
  const overflow = readContextOverflow(parseJson(bodyText), message, code);
  if (overflow) {
    return new UpstreamReportedError(
      'invalid_request_error',
      `${describeContextOverflow(overflow, message)}${provider ? ` (provider ${provider})` : ''}`,
      status,
      provider,
    );
  }
  return new UpstreamReportedError(
    mapUpstreamStatus(status ?? 500).type,
    `Backend error${provider ? ` (provider ${provider})` : ''}: ${message}`,
    status,
    provider,
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
