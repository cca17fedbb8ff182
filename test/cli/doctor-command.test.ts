import { afterEach, describe, expect, it } from 'vitest';
import type { DoctorReport, ProbeId, ProbeResult } from '../../src/cli/doctor/doctor-report.js';
import { type DoctorIo, runDoctor } from '../../src/cli/doctor-command.js';
import type { ScriptedBackend } from '../helpers/scripted-backend.js';
import { type BackendQuirks, startQuirkyBackend } from '../helpers/start-quirky-backend.js';

interface CapturedStream {
  text: string;
  isTTY?: boolean;
  write(chunk: string): boolean;
}

function capture(isTTY = false): CapturedStream {
  return {
    text: '',
    isTTY,
    write(chunk) {
      this.text += chunk;
      return true;
    },
  };
}

interface DoctorRun {
  code: number;
  stdout: string;
  stderr: string;
  backend: ScriptedBackend;
}

let backend: ScriptedBackend | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

async function doctorAgainst(
  quirks: BackendQuirks,
  args: string[] = [],
  env: Record<string, string> = {},
  options: Partial<DoctorIo> = {},
): Promise<DoctorRun> {
  backend = await startQuirkyBackend(quirks);
  const stdout = capture();
  const stderr = options.stderr ?? capture();
  const code = await runDoctor(args, {
    env: { OPENAI_BASE_URL: backend.baseUrl, OPENAI_MODEL: 'backend-model', ...env },
    envFile: undefined,
    stdout,
    stderr,
    probeTimeoutMs: 5_000,
  });
  return { code, stdout: stdout.text, stderr: (stderr as CapturedStream).text, backend };
}

async function doctorJson(quirks: BackendQuirks, args: string[] = [], env: Record<string, string> = {}) {
  const run = await doctorAgainst(quirks, ['--json', ...args], env);
  return { ...run, report: JSON.parse(run.stdout) as DoctorReport };
}

function probe(report: DoctorReport, id: ProbeId): ProbeResult {
  const found = report.probes.find((result) => result.id === id);
  if (!found) throw new Error(`no ${id} probe in the report`);
  return found;
}

function statuses(report: DoctorReport): Record<string, string> {
  return Object.fromEntries(report.probes.map((result) => [result.id, result.status]));
}

function suggestionCodes(report: DoctorReport): string[] {
  return report.suggestions.map((suggestion) => suggestion.code);
}

describe('infiniproxy doctor against a healthy backend', () => {
  it('prints an ok line for every probe Claude Code needs and exits 0', async () => {
    const { code, stdout } = await doctorAgainst({});
    expect(code).toBe(0);
    for (const title of [
      'backend reachable',
      'model listed',
      'plain completion',
      'streamed completion',
      'usage in streams',
      'forced tool call',
      'output token cap',
      'proxy: text',
      'proxy: stream',
      'proxy: tool call',
    ]) {
      expect(stdout).toMatch(new RegExp(`^ {2}ok +${title.replace(':', '\\:')} +.+\\(\\d+ ms\\)$`, 'm'));
    }
    expect(stdout).toMatch(/^ {2}not supported +reasoning +no reasoning returned/m);
    expect(stdout).toContain('structured call get_weather({"city":"Paris"})');
    expect(stdout).toContain('tool_use get_weather({"city":"Paris"}), stop_reason tool_use');
    expect(stdout).toContain('Dialect: Generic OpenAI-compatible (no known host or port)');
    expect(stdout).toContain('Claude Code should work with this backend');
  });

  it('prints the report as JSON with every probe, the suggestions and ok for --json', async () => {
    const { code, report } = await doctorJson({});
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.backend).toEqual({
      url: backend!.baseUrl,
      dialect: 'generic',
      dialectLabel: 'Generic OpenAI-compatible',
      dialectReason: 'no known host or port',
      model: 'backend-model',
      modelSource: 'OPENAI_MODEL',
    });
    expect(report.probes.map((result) => result.id)).toEqual([
      'reachability',
      'models-list',
      'plain-completion',
      'streamed-completion',
      'stream-usage',
      'forced-tool-call',
      'reasoning',
      'output-cap',
      'proxy-text',
      'proxy-stream',
      'proxy-tool-call',
    ]);
    for (const result of report.probes) {
      expect(Object.keys(result).sort()).toEqual([
        'detail',
        'durationMs',
        'id',
        'required',
        'status',
        'title',
      ]);
      expect(result.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(suggestionCodes(report)).toEqual(['dialect']);
  });

  it('forces the tool call by name and asks for usage in the stream', async () => {
    const { backend: recorded } = await doctorAgainst({});
    const bodies = recorded.requests.map((request) => (request.body ?? {}) as Record<string, unknown>);
    const toolRequest = bodies.find((body) => body.tools !== undefined && body.stream === true);
    expect(toolRequest?.tool_choice).toEqual({ type: 'function', function: { name: 'get_weather' } });
    const streamed = bodies.find((body) => body.stream === true && body.tools === undefined);
    expect(streamed?.stream_options).toEqual({ include_usage: true });
  });

  it('probes the first listed model when none is configured and says so', async () => {
    backend = await startQuirkyBackend({ models: ['listed-model', 'other-model'] });
    const stdout = capture();
    const code = await runDoctor(['--json'], {
      env: { OPENAI_BASE_URL: backend.baseUrl },
      envFile: undefined,
      stdout,
      stderr: capture(),
      probeTimeoutMs: 5_000,
    });
    const report = JSON.parse(stdout.text) as DoctorReport;
    expect(code).toBe(0);
    expect(report.backend.model).toBe('listed-model');
    expect(report.backend.modelSource).toBe('first listed model');
    expect(probe(report, 'models-list').detail).toContain('probing listed-model (no model configured)');
  });
});

describe('infiniproxy doctor against quirky backends', () => {
  it('fails the tool probes and suggests a tool-capable model when tool calls come back as text', async () => {
    const { code, stdout, report } = await doctorJson({ toolCallsAsText: true });
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    expect(probe(report, 'forced-tool-call')).toMatchObject({
      status: 'failed',
      detail: expect.stringContaining('the call came back as text, not as tool_calls'),
    });
    expect(probe(report, 'proxy-tool-call')).toMatchObject({
      status: 'failed',
      detail: expect.stringContaining('no tool_use block'),
    });
    expect(probe(report, 'streamed-completion').status).toBe('ok');
    expect(suggestionCodes(report)).toContain('choose-tool-model');
    expect(stdout).toContain('printed the tool call as text instead of a structured call');
  });

  it('shows the refusal and suggests a tool-capable model when the backend rejects tools', async () => {
    const { code, report } = await doctorJson({ rejectsTools: true });
    expect(code).toBe(1);
    expect(probe(report, 'forced-tool-call')).toMatchObject({
      status: 'failed',
      detail: 'HTTP 400',
      backendError: 'registry.ollama.ai/library/backend-model does not support tools',
    });
    expect(probe(report, 'proxy-tool-call')).toMatchObject({
      status: 'failed',
      backendError: expect.stringContaining('does not support tools'),
    });
    expect(report.suggestions).toContainEqual({
      code: 'choose-tool-model',
      message:
        'The backend refused tools for "backend-model": Claude Code needs a model that supports tool calls.',
    });
  });

  it('reports usage in streams as not supported but still exits 0 when streams carry no usage', async () => {
    const { code, report } = await doctorJson({ noStreamUsage: true });
    expect(code).toBe(0);
    expect(probe(report, 'streamed-completion').status).toBe('ok');
    expect(probe(report, 'stream-usage')).toMatchObject({
      status: 'not-supported',
      detail: expect.stringContaining('no usage in the stream'),
    });
    expect(suggestionCodes(report)).toContain('stream-usage');
  });

  it('shows the backend message, skips the rest and asks for OPENAI_API_KEY on a 401', async () => {
    const { code, stdout, report } = await doctorJson({ requiredKey: 'right-key' });
    expect(code).toBe(1);
    expect(probe(report, 'plain-completion')).toMatchObject({
      status: 'failed',
      detail: 'HTTP 401: the API key was rejected',
      backendError: 'Authentication Fails, Your api key is invalid',
    });
    expect(probe(report, 'proxy-tool-call')).toMatchObject({
      status: 'skipped',
      detail: 'the API key was rejected',
    });
    expect(report.suggestions).toContainEqual({
      code: 'check-api-key',
      message: 'The backend wants an API key: set OPENAI_API_KEY.',
    });
    expect(stdout).not.toContain('right-key');
  });

  it('says the configured key was rejected when a wrong OPENAI_API_KEY is set', async () => {
    const { code, stdout } = await doctorAgainst({ requiredKey: 'right-key' }, [], {
      OPENAI_API_KEY: 'wrong-key',
    });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^ {2}FAILED +plain completion +HTTP 401: the API key was rejected/m);
    expect(stdout).toMatch(/backend said: Authentication Fails, Your api key is invalid/);
    expect(stdout).toContain('The backend rejected OPENAI_API_KEY');
    expect(stdout).not.toContain('wrong-key');
  });

  it('names the models the backend lists when the model is unknown (404)', async () => {
    const { code, report } = await doctorJson({}, ['--model', 'no-such-model']);
    expect(code).toBe(1);
    expect(report.backend).toMatchObject({ model: 'no-such-model', modelSource: '--model' });
    expect(probe(report, 'models-list')).toMatchObject({
      status: 'failed',
      detail: '1 model listed, but not no-such-model (e.g. backend-model)',
    });
    expect(probe(report, 'plain-completion')).toMatchObject({
      status: 'failed',
      backendError: 'The model `no-such-model` does not exist or you do not have access to it.',
    });
    expect(report.suggestions).toContainEqual({
      code: 'set-model',
      message:
        'The backend does not know the model "no-such-model": set OPENAI_MODEL to a model it serves (it lists backend-model).',
    });
  });

  it('points at the base URL path when completions answer 404 without naming the model', async () => {
    backend = await startQuirkyBackend({});
    const stdout = capture();
    const code = await runDoctor(['--json'], {
      env: { OPENAI_BASE_URL: backend.baseUrl.replace(/\/v1$/, '/api'), OPENAI_MODEL: 'backend-model' },
      envFile: undefined,
      stdout,
      stderr: capture(),
      probeTimeoutMs: 5_000,
    });
    const report = JSON.parse(stdout.text) as DoctorReport;
    expect(code).toBe(1);
    expect(probe(report, 'models-list').status).toBe('not-supported');
    expect(probe(report, 'plain-completion')).toMatchObject({
      status: 'failed',
      backendError: '404 page not found',
    });
    expect(probe(report, 'streamed-completion')).toMatchObject({
      status: 'skipped',
      detail: 'the backend has no /api/chat/completions',
    });
    expect(suggestionCodes(report)).toContain('check-base-url-path');
    expect(suggestionCodes(report)).not.toContain('set-model');
  });

  it('reads the cap from a DeepSeek-style refusal and suggests MAX_OUTPUT_TOKENS', async () => {
    const { code, report } = await doctorJson({ outputCap: 4096 });
    expect(code).toBe(1);
    expect(probe(report, 'output-cap')).toMatchObject({
      status: 'failed',
      detail: "refuses max_tokens 32000, accepts 4096: Claude Code's requests would be rejected",
      backendError: 'Invalid max_tokens value, the valid range of max_tokens is [1, 4096]',
    });
    expect(report.suggestions).toContainEqual({
      code: 'set-max-output-tokens',
      message: 'Set MAX_OUTPUT_TOKENS=4096: the backend refuses max_tokens 32000 for this model.',
    });
    const everythingElse = report.probes.filter((result) => result.id !== 'output-cap' && result.required);
    expect(everythingElse.every((result) => result.status === 'ok')).toBe(true);
  });

  it('finds the cap by trying smaller values when the refusal does not state it', async () => {
    const { report } = await doctorJson({ outputCap: 10_000, capUnstated: true });
    expect(probe(report, 'output-cap').detail).toContain('accepts 8192');
    expect(suggestionCodes(report)).toContain('set-max-output-tokens');
  });

  it('passes the output cap once MAX_OUTPUT_TOKENS is within it', async () => {
    const { code, report } = await doctorJson({ outputCap: 4096 }, [], { MAX_OUTPUT_TOKENS: '4096' });
    expect(code).toBe(0);
    expect(probe(report, 'output-cap')).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining('accepts max_tokens 4096'),
    });
  });

  it('reports reasoning_content when the model reasons', async () => {
    const { code, report } = await doctorJson({ reasoning: true });
    expect(code).toBe(0);
    expect(probe(report, 'reasoning')).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining('characters in reasoning_content'),
    });
  });

  it('says the reasoning parser is off and which dialect fits when <think> tags come from a vLLM server', async () => {
    const { code, report } = await doctorJson({ thinkTags: true, ownedBy: 'vllm' });
    expect(code).toBe(0);
    expect(probe(report, 'reasoning')).toMatchObject({
      status: 'failed',
      detail: 'reasoning arrived as <think> tags inside the text, not as a separate field',
    });
    expect(suggestionCodes(report)).toEqual(
      expect.arrayContaining(['enable-reasoning-parser', 'set-provider']),
    );
    expect(report.suggestions.find((suggestion) => suggestion.code === 'set-provider')?.message).toContain(
      'set OPENAI_PROVIDER=vllm',
    );
  });

  it('fails a probe whose backend call outlives its timeout and goes on to the next', async () => {
    backend = await startQuirkyBackend({ hangs: true });
    const stdout = capture();
    const code = await runDoctor(['--json'], {
      env: { OPENAI_BASE_URL: backend.baseUrl, OPENAI_MODEL: 'backend-model' },
      envFile: undefined,
      stdout,
      stderr: capture(),
      probeTimeoutMs: 200,
    });
    const report = JSON.parse(stdout.text) as DoctorReport;
    expect(code).toBe(1);
    expect(probe(report, 'plain-completion')).toMatchObject({
      status: 'failed',
      detail: expect.stringContaining('did not answer in time'),
    });
    expect(probe(report, 'proxy-tool-call')).toMatchObject({
      status: 'failed',
      detail: 'no answer through the proxy in time',
    });
    expect(suggestionCodes(report)).toContain('timeout');
    expect(suggestionCodes(report)).not.toContain('choose-tool-model');
  });

  it('marks the model list not supported when GET /models is missing, without failing', async () => {
    const { code, report } = await doctorJson({ noModelsEndpoint: true });
    expect(code).toBe(0);
    expect(probe(report, 'models-list').status).toBe('not-supported');
  });

  it('names the refused connection and skips every other probe when nothing listens', async () => {
    const closed = await startQuirkyBackend({});
    const url = closed.baseUrl;
    await closed.close();
    const stdout = capture();
    const code = await runDoctor(['--json'], {
      env: { OPENAI_BASE_URL: url, OPENAI_MODEL: 'backend-model' },
      envFile: undefined,
      stdout,
      stderr: capture(),
      probeTimeoutMs: 5_000,
    });
    const report = JSON.parse(stdout.text) as DoctorReport;
    expect(code).toBe(1);
    expect(probe(report, 'reachability')).toMatchObject({
      status: 'failed',
      detail: expect.stringContaining('(connection refused): is the server running on that port?'),
    });
    expect(Object.values(statuses(report)).filter((status) => status === 'skipped')).toHaveLength(10);
    expect(suggestionCodes(report)).toEqual(['check-base-url']);
  });
  it('names the TLS step and suggests http:// when https:// reaches a plain http server', async () => {
    backend = await startQuirkyBackend({});
    const stdout = capture();
    const code = await runDoctor(['--json'], {
      env: { OPENAI_BASE_URL: backend.baseUrl.replace('http://', 'https://'), OPENAI_MODEL: 'backend-model' },
      envFile: undefined,
      stdout,
      stderr: capture(),
      probeTimeoutMs: 5_000,
    });
    const report = JSON.parse(stdout.text) as DoctorReport;
    expect(code).toBe(1);
    expect(probe(report, 'reachability')).toMatchObject({
      status: 'failed',
      detail: expect.stringMatching(/^TLS handshake with .* may speak plain http .*\(TCP \d+ ms ok\)$/),
    });
  });
});

describe('infiniproxy doctor arguments and progress', () => {
  it('exits 2 naming an unknown option', async () => {
    const stderr = capture();
    const code = await runDoctor(['--frobnicate'], {
      env: {},
      envFile: undefined,
      stdout: capture(),
      stderr,
    });
    expect(code).toBe(2);
    expect(stderr.text).toContain('unknown option "--frobnicate"');
  });

  it('exits 2 when --model has no value', async () => {
    const stderr = capture();
    const code = await runDoctor(['--model'], { env: {}, envFile: undefined, stdout: capture(), stderr });
    expect(code).toBe(2);
    expect(stderr.text).toContain('--model needs a model name');
  });

  it('exits 1 naming the variable when the configuration is invalid', async () => {
    const stderr = capture();
    const code = await runDoctor([], {
      env: { OPENAI_BASE_URL: 'ftp://example' },
      envFile: undefined,
      stdout: capture(),
      stderr,
    });
    expect(code).toBe(1);
    expect(stderr.text).toContain('Invalid OPENAI_BASE_URL');
  });

  it('writes one plain progress line per probe to stderr when it is not a terminal', async () => {
    const { stderr, stdout } = await doctorAgainst({}, ['--json']);
    expect(stderr).toContain('checking backend reachable…\n');
    expect(stderr).toContain('checking proxy: tool call…\n');
    expect(stderr).not.toContain('\r');
    expect(stdout).not.toContain('checking');
  });

  it('draws a spinner on a terminal and clears it before the report', async () => {
    const terminal = capture(true);
    const { stderr } = await doctorAgainst({}, [], {}, { stderr: terminal });
    expect(stderr).toContain('\r\x1b[2K⠋ checking backend reachable…');
    expect(stderr.endsWith('\r\x1b[2K')).toBe(true);
    expect(stderr).not.toContain('\n');
  });
});
