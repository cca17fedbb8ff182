import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { z } from 'zod';

/** The devDependency's launcher, so the test runs the version package-lock.json pins. */
export const CLAUDE_CODE_BIN = fileURLToPath(new URL('../../node_modules/.bin/claude', import.meta.url));

export interface ClaudeCodeOptions {
  prompt: string;
  allowedTools: readonly string[];
  /** The project directory Claude Code works in. */
  cwd: string;
  /** An empty HOME, so no user settings, credentials or session history leak in. */
  home: string;
  /** The proxy, as ANTHROPIC_BASE_URL. */
  baseUrl: string;
  /** HTTPS_PROXY for everything that is not on 127.0.0.1. */
  egressProxyUrl: string;
  /** Killed after this long; the run reports timedOut. */
  timeoutMs: number;
  /** More command-line arguments, e.g. `--max-turns 3`. */
  extraArgs?: readonly string[];
  /** More environment variables for Claude Code. */
  extraEnv?: Readonly<Record<string, string>>;
}

export interface ClaudeCodeRun {
  exitCode: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

/** What `--output-format json` prints, as far as the tests read it. */
export const claudeCodeResultSchema = z.looseObject({
  type: z.literal('result'),
  subtype: z.string(),
  is_error: z.boolean(),
  result: z.string(),
});
export type ClaudeCodeResult = z.infer<typeof claudeCodeResultSchema>;

/** Runs `claude --version`; throws with what went wrong and how to repair it when the binary does not run. */
export async function readClaudeCodeVersion(): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(CLAUDE_CODE_BIN, ['--version'], { timeout: 15_000 });
    return stdout.trim();
  } catch (cause) {
    throw new Error(
      `Claude Code does not run (${CLAUDE_CODE_BIN} --version failed). Run npm ci: the ` +
        '@anthropic-ai/claude-code postinstall step links the platform binary, and npm must be allowed to run it.\n' +
        String(cause),
      { cause },
    );
  }
}

/** Runs `claude -p` non-interactively against the proxy, with nothing inherited from the caller but PATH. */
export async function runClaudeCode(options: ClaudeCodeOptions): Promise<ClaudeCodeRun> {
  const args = [
    '-p',
    options.prompt,
    '--output-format',
    'json',
    ...(options.extraArgs ?? []),
    '--allowedTools',
    ...options.allowedTools,
  ];
  const child = spawn(CLAUDE_CODE_BIN, args, {
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      // The Bash tool needs a shell and coreutils.
      PATH: process.env.PATH,
      HOME: options.home,
      ANTHROPIC_BASE_URL: options.baseUrl,
      ANTHROPIC_API_KEY: 'sk-ant-e2e-placeholder',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_TELEMETRY: '1',
      DISABLE_AUTOUPDATER: '1',
      // A broken answer fails the run at once instead of after retries with back-off.
      CLAUDE_CODE_MAX_RETRIES: '0',
      API_TIMEOUT_MS: String(options.timeoutMs),
      HTTPS_PROXY: options.egressProxyUrl,
      HTTP_PROXY: options.egressProxyUrl,
      NO_PROXY: '127.0.0.1,localhost',
      ...options.extraEnv,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs);
  try {
    // 'close', not 'exit': only then has all of stdout been read.
    const [exitCode] = (await once(child, 'close')) as [number | null];
    return { exitCode, timedOut, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}

/** The JSON result of a finished run; throws with the run's output when there is none. */
export function parseClaudeCodeResult(run: ClaudeCodeRun): ClaudeCodeResult {
  const describe = () =>
    `exit code ${run.exitCode}${run.timedOut ? ' (killed after the timeout)' : ''}\n` +
    `stdout: ${run.stdout || '(empty)'}\nstderr: ${run.stderr || '(empty)'}`;
  let json: unknown;
  try {
    json = JSON.parse(run.stdout);
  } catch {
    throw new Error(`Claude Code printed no JSON result: ${describe()}`);
  }
  const parsed = claudeCodeResultSchema.safeParse(json);
  if (!parsed.success) throw new Error(`Claude Code printed an unexpected result: ${describe()}`);
  return parsed.data;
}
