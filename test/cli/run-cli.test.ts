import { beforeEach, describe, expect, it, vi } from 'vitest';

// The commands themselves are tested on their own; here only what the parser hands them.
const calls = vi.hoisted(() => ({
  code: [] as unknown[][],
  serve: [] as unknown[][],
  doctor: [] as unknown[][],
}));
vi.mock('../../src/cli/code-command.js', () => ({
  runCode: async (...args: unknown[]) => {
    calls.code.push(args);
    return 7;
  },
}));
vi.mock('../../src/cli/serve-command.js', () => ({
  runServe: async (...args: unknown[]) => {
    calls.serve.push(args);
    return 0;
  },
}));
vi.mock('../../src/cli/doctor-command.js', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  runDoctor: async (...args: unknown[]) => {
    calls.doctor.push(args);
    return 3;
  },
}));

const { runCli } = await import('../../src/cli/run-cli.js');

function capture() {
  let stdout = '';
  let stderr = '';
  return {
    streams: {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
    },
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

beforeEach(() => {
  calls.code.length = 0;
  calls.serve.length = 0;
  calls.doctor.length = 0;
});

describe('runCli', () => {
  it('passes every argument after "code" to claude untouched, unknown options included', async () => {
    const args = ['-p', 'explain --help here', '--model', 'm', '--', '--verbose', 'resume'];
    expect(await runCli(['code', ...args], capture().streams)).toBe(7);
    expect(calls.code).toEqual([[args, expect.objectContaining({ configPath: undefined, printEnv: false })]]);
  });

  it('passes the global --config FILE to the command after it', async () => {
    await runCli(['--config', 'proxy.yaml', 'code', '--config', 'claude-own'], capture().streams);
    expect(calls.code).toEqual([
      [['--config', 'claude-own'], expect.objectContaining({ configPath: 'proxy.yaml', printEnv: false })],
    ]);
    await runCli(['--config=other.yaml'], capture().streams);
    expect(calls.serve).toEqual([[{ configPath: 'other.yaml' }]]);
  });

  it('runs serve when no command is given, and for "serve"', async () => {
    expect(await runCli([], capture().streams)).toBe(0);
    expect(await runCli(['serve'], capture().streams)).toBe(0);
    expect(calls.serve).toEqual([[{ configPath: undefined }], [{ configPath: undefined }]]);
  });

  it('hands the doctor its arguments in order, with the --config path and the output streams', async () => {
    const output = capture();
    expect(
      await runCli(['--config', 'c.yaml', 'doctor', '--provider', 'local', '--json'], output.streams),
    ).toBe(3);
    expect(calls.doctor).toHaveLength(1);
    const [args, io] = calls.doctor[0] as [string[], { configPath: string; stdout: unknown }];
    expect(args).toEqual(['--provider', 'local', '--json']);
    expect(io.configPath).toBe('c.yaml');
    expect(io.stdout).toBe(output.streams.stdout);
  });

  it.each([
    [['--bogus'], 'infiniproxy'],
    [['serve', '--bogus'], 'infiniproxy serve'],
    [['config', 'check', '--bogus'], 'infiniproxy config check'],
    [['config', 'print', '--bogus'], 'infiniproxy config print'],
  ])('refuses an unknown option the same way for %j, with exit status 2', async (argv, commandPath) => {
    const output = capture();
    expect(await runCli(argv, output.streams)).toBe(2);
    expect(output.stderr()).toBe(
      `${commandPath}: unknown option '--bogus'\nRun "${commandPath} --help" to see its usage.\n`,
    );
    expect(calls.serve).toEqual([]);
  });

  it('refuses an extra argument to config check', async () => {
    const output = capture();
    expect(await runCli(['config', 'check', 'a.yaml', 'b.yaml'], output.streams)).toBe(2);
    expect(output.stderr()).toContain("infiniproxy config check: too many arguments for 'check'");
  });

  it.each([['serve'], ['code'], ['config'], ['config check'], ['config print']])(
    'gives "%s" a help of its own',
    async (command) => {
      const output = capture();
      expect(await runCli([...command.split(' '), '--help'], output.streams)).toBe(0);
      expect(output.stdout()).toContain(`Usage: infiniproxy ${command}`);
      expect(output.stdout()).not.toContain('OPENAI_BASE_URL');
      expect(calls.code).toEqual([]);
    },
  );

  it('prints the version', async () => {
    const output = capture();
    expect(await runCli(['--version'], output.streams)).toBe(0);
    expect(output.stdout()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
