import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
/** tsx's loader by absolute URL, so the CLI can run from any working directory. */
const TSX_LOADER = import.meta.resolve('tsx');

export interface CliRun {
  child: ChildProcessWithoutNullStreams;
  /** Everything written to stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
}

/**
 * Runs the CLI from source in a child process with exactly the given environment; `nodeArgs`
 * go to node before the CLI (a preload, a flag).
 */
export function spawnCli(
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd: string; nodeArgs?: readonly string[] },
): CliRun {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, ...(options.nodeArgs ?? []), CLI, ...args], {
    env: options.env,
    cwd: options.cwd,
    stdio: 'pipe',
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}
