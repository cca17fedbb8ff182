import { lookup } from 'node:dns/promises';
import { isIP, type Socket, connect as tcpConnect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { connect as tlsConnect } from 'node:tls';
import type { DoctorContext } from './create-doctor-context.js';
import { describeNetworkError } from './describe-network-error.js';
import type { ProbeOutcome } from './doctor-report.js';

/**
 * DNS, then TCP, then (for https) TLS, each timed on its own, so a failure names the step
 * that broke: a typo in the host, a server that is not running, or a certificate problem.
 */
export async function probeReachability(context: DoctorContext): Promise<ProbeOutcome> {
  const url = new URL(context.provider.backend.origin);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const secure = url.protocol === 'https:';
  const port = Number(url.port) || (secure ? 443 : 80);
  const where = `${host}:${port}`;
  const steps: string[] = [];
  let address = host;
  try {
    if (isIP(host) === 0) {
      const started = performance.now();
      address = (await withTimeout(lookup(host), context)).address;
      steps.push(`DNS ${elapsed(started)} (${address})`);
    }
    let started = performance.now();
    await openAndClose(() => tcpConnect({ host: address, port }), 'connect', context);
    steps.push(`TCP ${elapsed(started)}`);
    if (secure) {
      started = performance.now();
      await openAndClose(
        () => tlsConnect({ host: address, port, servername: isIP(host) === 0 ? host : undefined }),
        'secureConnect',
        context,
      );
      steps.push(`TLS ${elapsed(started)}`);
    }
  } catch (error) {
    context.findings.unreachable = true;
    const done = steps.length > 0 ? ` (${steps.join(', ')} ok)` : '';
    return { status: 'failed', detail: `${describeNetworkError(error, where)}${done}` };
  }
  return { status: 'ok', detail: `${steps.join(', ')} to ${where}` };
}

function elapsed(started: number): string {
  return `${Math.max(0, Math.round(performance.now() - started))} ms`;
}

function openAndClose(open: () => Socket, readyEvent: string, context: DoctorContext): Promise<void> {
  return withTimeout(
    new Promise<void>((resolve, reject) => {
      const socket = open();
      socket.once(readyEvent, () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', (error) => {
        socket.destroy();
        reject(error);
      });
      socket.once('timeout', () =>
        socket.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })),
      );
      socket.setTimeout(context.probeTimeoutMs);
    }),
    context,
  );
}

function withTimeout<T>(promise: Promise<T>, context: DoctorContext): Promise<T> {
  const signal = AbortSignal.any([context.runSignal, AbortSignal.timeout(context.probeTimeoutMs)]);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
