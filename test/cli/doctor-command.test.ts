import { describe, expect, it } from 'vitest';
import { useDoctorAgainstQuirkyBackends } from '../helpers/doctor-against-quirky-backend.js';
import {
  capture,
  probeOf as probe,
  runDoctorInProcess,
  suggestionCodes,
} from '../helpers/run-doctor-in-process.js';

const doctor = useDoctorAgainstQuirkyBackends();
const doctorAgainst = doctor.run;
const doctorJson = doctor.json;

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
    const { code, report, backend } = await doctorJson({});
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.backend).toEqual({
      provider: 'default',
      url: backend.baseUrl,
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
    const { code, report } = await doctorJson({ models: ['listed-model', 'other-model'] }, [], (baseUrl) => ({
      OPENAI_BASE_URL: baseUrl,
    }));
    expect(code).toBe(0);
    expect(report.backend.model).toBe('listed-model');
    expect(report.backend.modelSource).toBe('first listed model');
    expect(probe(report, 'models-list').detail).toContain('probing listed-model (no model configured)');
  });
});

describe('infiniproxy doctor arguments and progress', () => {
  it('exits 2 naming an unknown option', async () => {
    const run = await runDoctorInProcess(['--frobnicate'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("infiniproxy doctor: unknown option '--frobnicate'");
    expect(run.stderr).toContain('Run "infiniproxy doctor --help" to see its usage.');
  });

  it('exits 2 when --model has no value', async () => {
    const run = await runDoctorInProcess(['--model'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("infiniproxy doctor: option '-m, --model <model>' argument missing");
  });

  it('exits 1 naming the variable when the configuration is invalid', async () => {
    const run = await runDoctorInProcess([], { OPENAI_BASE_URL: 'ftp://example' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Invalid OPENAI_BASE_URL');
    expect(run.stdout).toBe('');
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
