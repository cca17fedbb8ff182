import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createRequestAbort } from '../../src/dispatch/request-abort.js';
import { asUndiciSignal, Pool } from '../../src/upstream/undici.js';

describe('createRequestAbort', () => {
  it('aborts every attempt when the request is aborted, once', () => {
    const requestAbort = createRequestAbort();
    const first = requestAbort.follow();
    const second = requestAbort.follow();
    let told = 0;
    second.signal.addEventListener('abort', () => told++);
    expect([requestAbort.aborted, first.signal.aborted, second.signal.aborted]).toEqual([
      false,
      false,
      false,
    ]);
    requestAbort.abort();
    requestAbort.abort();
    expect([requestAbort.aborted, first.signal.aborted, second.signal.aborted]).toEqual([true, true, true]);
    expect(told).toBe(1);
    expect((first.signal.reason as Error).name).toBe('AbortError');
  });

  it('tells a listener removed before the abort nothing, and a listener added after it nothing', () => {
    const attempt = createRequestAbort().follow();
    let told = 0;
    const listener = () => told++;
    attempt.signal.addEventListener('abort', listener);
    attempt.signal.removeEventListener('abort', listener);
    attempt.abort();
    attempt.signal.addEventListener('abort', listener);
    expect(told).toBe(0);
  });

  it('stops an undici request in flight, whose socket the server then sees close', async () => {
    let requestArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (requestArrived = resolve));
    const server = createServer((request) => {
      requestArrived();
      request.socket.once('close', () => server.emit('client-gone'));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    try {
      const requestAbort = createRequestAbort();
      const attempt = requestAbort.follow();
      const pending = pool.request({ path: '/', method: 'GET', signal: asUndiciSignal(attempt.signal) });
      await arrived;
      const gone = once(server, 'client-gone');
      requestAbort.abort();
      await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
      await gone;
    } finally {
      await pool.destroy();
      server.close();
    }
  });

  it('gives an attempt started after the abort a signal already aborted', () => {
    const requestAbort = createRequestAbort();
    requestAbort.abort();
    expect(requestAbort.follow().signal.aborted).toBe(true);
  });

  it('makes one signal for waits, aborted with the request, whenever it was asked for', () => {
    const early = createRequestAbort();
    const signal = early.signal();
    expect(early.signal()).toBe(signal);
    expect(signal.aborted).toBe(false);
    early.abort();
    expect(signal.aborted).toBe(true);

    const late = createRequestAbort();
    late.abort();
    expect(late.signal().aborted).toBe(true);
  });

  it('throws an AbortError once aborted, and nothing before', () => {
    const requestAbort = createRequestAbort();
    expect(() => requestAbort.throwIfAborted()).not.toThrow();
    requestAbort.abort();
    expect(() => requestAbort.throwIfAborted()).toThrow(expect.objectContaining({ name: 'AbortError' }));
  });
});
