import { describe, expect, it } from 'vitest';
import { useDoctorAgainstQuirkyBackends } from '../helpers/doctor-against-quirky-backend.js';
import {
  probeOf as probe,
  readReport,
  runDoctorInProcess,
  suggestionCodes,
} from '../helpers/run-doctor-in-process.js';
import { startQuirkyBackend } from '../helpers/start-quirky-backend.js';

const doctor = useDoctorAgainstQuirkyBackends();
const doctorAgainst = doctor.run;
const doctorJson = doctor.json;

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
    const { code, report } = await doctorJson({}, [], (baseUrl) => ({
      OPENAI_BASE_URL: baseUrl.replace(/\/v1$/, '/api'),
      OPENAI_MODEL: 'backend-model',
    }));
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

  it('passes <think> tags the proxy takes out itself and names the dialect the server says it is', async () => {
    const { code, report } = await doctorJson({ thinkTags: true, ownedBy: 'vllm' });
    expect(code).toBe(0);
    expect(probe(report, 'reasoning')).toMatchObject({
      status: 'ok',
      detail:
        'reasoning arrived as <think> tags inside the text; the proxy turns them into thinking blocks (THINK_TAGS=on)',
    });
    expect(suggestionCodes(report)).not.toContain('enable-think-tags');
    // The proxy asks an unknown URL which server it is at start-up, as the doctor did.
    expect(suggestionCodes(report)).not.toContain('set-provider');
    expect(report.suggestions.find((suggestion) => suggestion.code === 'dialect')?.message).toBe(
      'Dialect: vLLM (detected from server).',
    );
  });

  it('names the dialect the server says it is when OPENAI_PROVIDER chose another', async () => {
    const { report } = await doctorJson({ ownedBy: 'vllm' }, [], { OPENAI_PROVIDER: 'sglang' });
    expect(report.suggestions.find((suggestion) => suggestion.code === 'set-provider')?.message).toBe(
      'Dialect: SGLang (set by OPENAI_PROVIDER), but the server says it is vLLM (owned_by "vllm" in GET /models): set OPENAI_PROVIDER=vllm.',
    );
  });

  it('suggests THINK_TAGS=on or the reasoning parser when <think> tags arrive with THINK_TAGS=off', async () => {
    const { code, report } = await doctorJson({ thinkTags: true }, [], { THINK_TAGS: 'off' });
    expect(code).toBe(0);
    expect(probe(report, 'reasoning')).toMatchObject({
      status: 'failed',
      detail: 'reasoning arrived as <think> tags inside the text, not as a separate field',
    });
    expect(report.suggestions.find((suggestion) => suggestion.code === 'enable-think-tags')?.message).toMatch(
      /set THINK_TAGS=on, or turn on the server's reasoning parser/,
    );
  });

  it('suggests THINK_TAGS=open when only </think> arrives, and passes once it is set', async () => {
    const closeOnly = await doctorJson({ thinkTags: 'close-only' });
    expect(probe(closeOnly.report, 'reasoning')).toMatchObject({
      status: 'failed',
      detail: expect.stringContaining('only </think>'),
    });
    expect(suggestionCodes(closeOnly.report)).toContain('set-think-tags-open');

    const open = await doctorJson({ thinkTags: 'close-only' }, [], { THINK_TAGS: 'open' });
    expect(probe(open.report, 'reasoning').status).toBe('ok');
    expect(suggestionCodes(open.report)).not.toContain('set-think-tags-open');
  });

  it('fails a probe whose backend call outlives its timeout and goes on to the next', async () => {
    const run = await doctorAgainst({ hangs: true }, ['--json'], {}, { probeTimeoutMs: 200 });
    const { code } = run;
    const report = readReport(run);
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
    const run = await runDoctorInProcess(
      ['--json'],
      { OPENAI_BASE_URL: url, OPENAI_MODEL: 'backend-model' },
      { probeTimeoutMs: 5_000 },
    );
    const { code } = run;
    const report = readReport(run);
    expect(code).toBe(1);
    expect(probe(report, 'reachability')).toMatchObject({
      status: 'failed',
      detail: expect.stringContaining('(connection refused): is the server running on that port?'),
    });
    expect(report.probes.filter((result) => result.status === 'skipped')).toHaveLength(10);
    expect(suggestionCodes(report)).toEqual(['check-base-url']);
  });

  it('names the TLS step and suggests http:// when https:// reaches a plain http server', async () => {
    const { code, report } = await doctorJson({}, [], (baseUrl) => ({
      OPENAI_BASE_URL: baseUrl.replace('http://', 'https://'),
      OPENAI_MODEL: 'backend-model',
    }));
    expect(code).toBe(1);
    expect(probe(report, 'reachability')).toMatchObject({
      status: 'failed',
      detail: expect.stringMatching(/^TLS handshake with .* may speak plain http .*\(TCP \d+ ms ok\)$/),
    });
  });
});
