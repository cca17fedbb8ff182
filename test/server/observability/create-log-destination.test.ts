import { describe, expect, it } from 'vitest';
import { createRedactingDestination } from '../../../src/server/observability/create-log-destination.js';

function collect(secrets: Array<string | undefined>): { write(line: string): void; lines: string[] } {
  const lines: string[] = [];
  const destination = createRedactingDestination({ write: (line) => void lines.push(line) }, secrets);
  return { write: (line) => destination.write(line), lines };
}

describe('createRedactingDestination', () => {
  it('replaces every occurrence of every secret before the line is written', () => {
    const sink = collect(['sk-one-1234', 'proxy-5678', undefined]);
    sink.write('{"msg":"sk-one-1234 then sk-one-1234 and proxy-5678"}\n');
    expect(sink.lines).toEqual(['{"msg":"[redacted] then [redacted] and [redacted]"}\n']);
  });

  it('also replaces a secret in its JSON-escaped form', () => {
    const secret = 'key"with\\quotes';
    const sink = collect([secret]);
    sink.write(`${JSON.stringify({ msg: `echo ${secret}` })}\n`);
    expect(sink.lines[0]).toBe('{"msg":"echo [redacted]"}\n');
  });

  it('ignores secrets too short to be keys', () => {
    const sink = collect(['ab']);
    sink.write('about\n');
    expect(sink.lines).toEqual(['about\n']);
  });
});
