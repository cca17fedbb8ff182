import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  createCoalescingDestination,
  createRedactingDestination,
} from '../../../src/server/observability/create-log-destination.js';

const DESTINATION_MODULE = fileURLToPath(
  new URL('../../../src/server/observability/create-log-destination.ts', import.meta.url),
);
const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX_LOADER = import.meta.resolve('tsx');

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

describe('createCoalescingDestination', () => {
  function sink() {
    const writes: string[] = [];
    return { writes, destination: createCoalescingDestination({ write: (text) => void writes.push(text) }) };
  }
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

  it('writes the lines of one turn of the event loop in one write, in order, when the turn ends', async () => {
    const { writes, destination } = sink();
    destination.write('one\n');
    destination.write('two\n');
    destination.write('three\n');
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toEqual(['one\ntwo\nthree\n']);
  });

  it('gives each turn its own write, and writes nothing for a turn without lines', async () => {
    const { writes, destination } = sink();
    destination.write('first turn\n');
    await nextTurn();
    await nextTurn();
    destination.write('third turn\n');
    await nextTurn();
    expect(writes).toEqual(['first turn\n', 'third turn\n']);
  });

  it('writes what it holds at once when flushed', () => {
    const { writes, destination } = sink();
    destination.write('now\n');
    destination.flush();
    expect(writes).toEqual(['now\n']);
  });

  it.each([
    ['exits', 'process.exit(3)', 3],
    ['crashes on an uncaught exception', "throw new Error('boom')", 1],
  ])('writes the lines it holds when the process %s', async (_case, ending, code) => {
    const folder = mkdtempSync(join(tmpdir(), 'coalescing-'));
    const file = join(folder, 'log.txt');
    const script = [
      "import { pino } from 'pino';",
      `import { createCoalescingDestination } from ${JSON.stringify(DESTINATION_MODULE)};`,
      `const destination = createCoalescingDestination(pino.destination({ dest: ${JSON.stringify(file)}, sync: true }));`,
      "destination.write('last words\\n');",
      ending,
    ].join('\n');
    const child = spawn(process.execPath, ['--import', TSX_LOADER, '--input-type=module', '-e', script], {
      cwd: PROJECT_ROOT,
      stdio: 'ignore',
    });
    const [exitCode] = await once(child, 'exit');
    expect(exitCode).toBe(code);
    expect(readFileSync(file, 'utf8')).toBe('last words\n');
  });
});
