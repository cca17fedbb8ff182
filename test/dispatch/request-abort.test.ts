import { describe, expect, it } from 'vitest';
import { createRequestAbort } from '../../src/dispatch/request-abort.js';

describe('createRequestAbort', () => {
  it("aborts every attempt's controller when the request is aborted, once", () => {
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

  it('gives an attempt started after the abort a controller already aborted', () => {
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
