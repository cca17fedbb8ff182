import { readUpstreamErrorMessage } from '../../upstream/map-upstream-error.js';
import type { DoctorContext } from './create-doctor-context.js';
import type { ProbeOutcome } from './doctor-report.js';

export interface BackendAnswer {
  status: number;
  text: string;
}

/** One bounded backend call: the probe's own timeout, and the whole run's. */
export function probeSignal(context: DoctorContext): AbortSignal {
  return AbortSignal.any([context.runSignal, AbortSignal.timeout(context.probeTimeoutMs)]);
}

export function chatCompletionsPath(context: DoctorContext): string {
  return context.provider.backend.chatCompletionsPath;
}

/** The probe's timeout for every wait of one call. */
function probeWaits(context: DoctorContext) {
  return { firstByteMs: context.probeTimeoutMs, idleMs: context.probeTimeoutMs };
}

/** GETs or POSTs JSON and reads the whole answer. Transport errors throw; statuses do not. */
export async function callBackend(
  context: DoctorContext,
  request: { method: 'GET' | 'POST'; path: string; body?: unknown },
): Promise<BackendAnswer> {
  const response = await context.upstream.call({
    method: request.method,
    path: request.path,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
    signal: probeSignal(context),
    timeouts: probeWaits(context),
  });
  return { status: response.statusCode, text: await response.body.text() };
}

/** Opens a streamed POST; the caller reads (or dumps) the body. */
export async function openBackendStream(context: DoctorContext, body: unknown) {
  return context.upstream.call({
    method: 'POST',
    path: chatCompletionsPath(context),
    body: JSON.stringify(body),
    signal: probeSignal(context),
    timeouts: probeWaits(context),
  });
}

/** A failed outcome carrying the backend's own message, and the findings a status implies. */
export function failedWithStatus(context: DoctorContext, status: number, bodyText: string): ProbeOutcome {
  const { message } = readUpstreamErrorMessage(bodyText);
  if (status === 401 || status === 403) context.findings.authenticationFailed = true;
  if (/model.*(not (exist|found)|does not exist|unknown)|unknown model|no such model/i.test(message)) {
    context.findings.modelUnknown = true;
  } else if (status === 404) {
    // A 404 that names no model: most often a base URL without its /v1.
    context.findings.pathNotFound = true;
  }
  return {
    status: 'failed',
    detail: `HTTP ${status}${describeStatus(status)}`,
    backendError: message.length > 0 ? message : `(empty body)`,
  };
}

function describeStatus(status: number): string {
  switch (status) {
    case 401:
      return ': the API key was rejected';
    case 403:
      return ': the API key may not use this';
    case 404:
      return ': not found (a wrong model name or base URL path)';
    case 429:
      return ': rate limited or out of quota';
    default:
      return status >= 500 ? ': the backend failed' : '';
  }
}

/** JSON.parse that yields undefined instead of throwing. */
export function parseJsonSafely(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
