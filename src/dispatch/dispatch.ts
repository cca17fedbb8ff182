import { setTimeout as sleep } from 'node:timers/promises';
import type { RetryPolicy } from '../config/config.js';
import { ProviderBusyError, ProxyError } from '../errors.js';
import type { ProviderRegistry } from '../providers/create-provider-registry.js';
import type { Provider } from '../providers/provider.js';
import type { ProviderAnswer } from '../providers/provider-answer.js';
import type { ResolvedTarget, SelectedRoute } from '../routing/select-route.js';
import type { UpstreamSignal } from '../upstream/undici.js';
import { classifyFailure } from './classify-failure.js';
import { computeRetryWait } from './compute-retry-wait.js';
import type { ReleaseSlot } from './provider-health.js';
import type { RequestAbort } from './request-abort.js';

/** One call to one provider, as the request log and the metrics report it. */
export interface AttemptRecord {
  provider: string;
  model: string;
  /** `ok`, or the failure's code (UPSTREAM_STATUS, UPSTREAM_TIMEOUT, …). */
  outcome: string;
  /** The backend's HTTP status, when it answered with one. */
  status?: number;
}

export interface DispatchRequest {
  /** The providers of the configuration the request started under. */
  providers: ProviderRegistry;
  retry: RetryPolicy;
  route: SelectedRoute;
  /** Where a context-length error moves the request, when a long_context route exists. */
  longContextRoute: SelectedRoute | undefined;
  /** Runs one attempt at one provider, up to the commit point. */
  attempt(provider: Provider, target: ResolvedTarget, signal: UpstreamSignal): Promise<ProviderAnswer>;
  /** Aborted when the client goes away: no more attempts, no more waiting. */
  abort: RequestAbort;
  /** Filled in as attempts are made, whatever the outcome. */
  attempts: AttemptRecord[];
}

export interface DispatchResult {
  answer: ProviderAnswer;
  provider: Provider;
  target: ResolvedTarget;
  /** The route that finally served the request (long_context after an escalation). */
  route: SelectedRoute;
  /** Frees the provider's concurrency slot; call it when the answer has been read to its end. */
  release: ReleaseSlot;
}

/**
 * Tries a route's entries in order until one answers: each entry up to `retry.attempts`
 * times with backoff, providers in cooldown skipped while another entry is available, and
 * a context-length error moved to the long_context route once. Everything happens before
 * the answer is committed, so the client sees one answer or the last error, never a retry.
 */
export async function dispatch(request: DispatchRequest): Promise<DispatchResult> {
  let route = request.route;
  let lastError: ProxyError | undefined;
  for (;;) {
    const outcome = await tryRoute(route, request);
    if (outcome.kind === 'answered') {
      // Written out, not `{ ...result, route }`: see answerContextFor on spreads and hidden classes.
      const { answer, provider, target, release } = outcome.result;
      return { answer, provider, target, route, release };
    }
    lastError = outcome.error;
    const next = outcome.kind === 'context-overflow' ? request.longContextRoute : undefined;
    if (!next || route.name === 'long_context') break;
    route = next;
  }
  throw describeProvidersTried(lastError, request.attempts);
}

type RouteOutcome =
  | { kind: 'answered'; result: Omit<DispatchResult, 'route'> }
  | { kind: 'failed' | 'context-overflow'; error: ProxyError };

async function tryRoute(route: SelectedRoute, request: DispatchRequest): Promise<RouteOutcome> {
  const { providers, retry } = request;
  let lastError: ProxyError | undefined;
  for (const target of orderByHealth(route.targets, providers)) {
    const provider = providers.get(target.provider);
    if (!provider) continue;
    for (let attempt = 1; attempt <= retry.attempts; attempt++) {
      request.abort.throwIfAborted();
      // The request's signal is made only when the provider is full and the request must wait.
      const release =
        provider.health.tryAcquire() ??
        (await provider.health.acquire(provider.config.timeouts.firstByteMs, request.abort.signal()));
      if (!release) {
        request.abort.throwIfAborted();
        lastError = new ProviderBusyError(
          `Provider ${provider.name} is at its max_concurrency of ${provider.config.maxConcurrency} and no slot freed up in time`,
          provider.name,
        );
        request.attempts.push({ provider: provider.name, model: target.model, outcome: lastError.code });
        break;
      }
      const attemptAbort = request.abort.follow();
      try {
        const answer = await request.attempt(provider, target, attemptAbort.signal);
        provider.health.recordSuccess();
        request.attempts.push({ provider: provider.name, model: target.model, outcome: 'ok' });
        return { kind: 'answered', result: { answer, provider, target, release } };
      } catch (error) {
        attemptAbort.abort();
        release();
        if (request.abort.aborted || !(error instanceof ProxyError)) throw error;
        // Classified before it is renamed: the class carries the data the decision reads.
        const { action, countsAgainstProvider } = classifyFailure(error);
        const failure = attributeToProvider(error, provider.name);
        request.attempts.push({
          provider: provider.name,
          model: target.model,
          outcome: failure.code,
          ...upstreamStatus(failure),
        });
        lastError = failure;
        if (countsAgainstProvider) provider.health.recordFailure();
        if (action === 'answer') return { kind: 'failed', error: failure };
        if (action === 'long_context') return { kind: 'context-overflow', error: failure };
        if (action === 'next' || attempt === retry.attempts) break;
        const wait = computeRetryWait(attempt, failure.retryAfter, retry.maxWaitMs);
        if (wait.kind === 'give-up') break;
        await sleep(wait.ms, undefined, { signal: request.abort.signal() });
      }
    }
  }
  return {
    kind: 'failed',
    error:
      lastError ??
      new ProxyError('NO_PROVIDER', 'api_error', `Route ${route.name} names no configured provider`),
  };
}

/**
 * Entries whose provider is cooling down go last, so they are tried only when everything
 * healthy failed; when every entry is cooling down, the order stays as configured.
 */
function orderByHealth(targets: readonly ResolvedTarget[], providers: ProviderRegistry): ResolvedTarget[] {
  const cooling = (target: ResolvedTarget) => providers.get(target.provider)?.health.coolingDown() ?? false;
  const healthy = targets.filter((target) => !cooling(target));
  if (healthy.length === 0) return [...targets];
  return healthy;
}

function upstreamStatus(error: ProxyError): { status?: number } {
  const status = (error as { upstreamStatus?: unknown }).upstreamStatus;
  return typeof status === 'number' ? { status } : {};
}

/** Errors from the translation layers know nothing of providers; name the one that failed. */
function attributeToProvider(error: ProxyError, provider: string): ProxyError {
  if (error.provider !== undefined || !error.code.startsWith('UPSTREAM_')) return error;
  return rebuild(error, `${error.message} (provider ${provider})`, provider);
}

/** The last error, with the providers tried named when there was more than one attempt. */
function describeProvidersTried(
  error: ProxyError | undefined,
  attempts: readonly AttemptRecord[],
): ProxyError {
  const failure = error ?? new ProxyError('NO_PROVIDER', 'api_error', 'No provider could be tried');
  if (attempts.length <= 1) return failure;
  const counts = new Map<string, number>();
  for (const attempt of attempts) counts.set(attempt.provider, (counts.get(attempt.provider) ?? 0) + 1);
  const tried = [...counts].map(([name, count]) => `${name} ×${count}`).join(', ');
  return rebuild(failure, `${failure.message} [tried: ${tried}]`, failure.provider);
}

/** A copy with another message; the code, type, status and retry-after the client sees stay. */
function rebuild(error: ProxyError, message: string, provider: string | undefined): ProxyError {
  return new ProxyError(error.code, error.type, message, {
    status: error.status,
    ...(error.retryAfter !== undefined ? { retryAfter: error.retryAfter } : {}),
    ...(provider !== undefined ? { provider } : {}),
    cause: error,
  });
}
