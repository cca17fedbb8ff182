import { describe, expect, it } from 'vitest';
import { describeNetworkError } from '../../src/cli/doctor/describe-network-error.js';
import { parseDoctorArgs } from '../../src/cli/doctor/parse-doctor-args.js';
import { readOutputCap } from '../../src/cli/doctor/read-output-cap.js';

describe('readOutputCap', () => {
  it.each([
    ['DeepSeek', 'Invalid max_tokens value, the valid range of max_tokens is [1, 8192]', 8192],
    [
      'OpenAI',
      'max_tokens is too large: 100000. This model supports at most 16384 completion tokens, whereas you provided 100000.',
      16384,
    ],
    ['Groq', '`max_tokens` must be less than or equal to `8192`, the maximum value for `max_tokens`', 8192],
    [
      'vLLM',
      "'max_tokens' or 'max_completion_tokens' is too large: 32000. This model's maximum context length is 8192 tokens and your request has 12 input tokens (32000 > 8192 - 12).",
      8180,
    ],
  ])('reads the cap from a %s refusal', (_backend, message, cap) => {
    expect(readOutputCap(message)).toBe(cap);
  });

  it('returns undefined when the refusal names no number', () => {
    expect(readOutputCap('max_tokens is too large for this model')).toBeUndefined();
  });
});

describe('describeNetworkError', () => {
  it.each([
    ['ENOTFOUND', 'does not resolve'],
    ['ECONNREFUSED', 'connection refused'],
    ['ETIMEDOUT', 'timed out'],
    ['CERT_HAS_EXPIRED', 'certificate of api.example.com:443 has expired'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'NODE_EXTRA_CA_CERTS'],
    ['EPROTO', 'may speak plain http'],
  ])('turns %s into a sentence', (code, words) => {
    const error = Object.assign(new Error('raw'), { code });
    expect(describeNetworkError(error, 'api.example.com:443')).toContain(words);
  });

  it('looks through undici wrappers to the socket error code', () => {
    const error = Object.assign(new Error('fetch failed'), {
      code: 'UND_ERR_SOCKET',
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    });
    expect(describeNetworkError(error, 'h:1')).toContain('connection refused');
  });
});

describe('parseDoctorArgs', () => {
  it('reads --model in all three spellings, --provider and --json', () => {
    expect(parseDoctorArgs(['--model', 'm1', '--json'])).toEqual({
      model: 'm1',
      provider: undefined,
      json: true,
      help: false,
    });
    expect(parseDoctorArgs(['--model=m2'])).toMatchObject({ model: 'm2', json: false });
    expect(parseDoctorArgs(['-m', 'm3', '--provider', 'local'])).toMatchObject({
      model: 'm3',
      provider: 'local',
    });
  });

  it('reports --help instead of parsing further', () => {
    expect(parseDoctorArgs(['--help'])).toMatchObject({ help: true });
  });

  it('rejects an unknown option, an operand and a missing model or provider name', () => {
    expect(parseDoctorArgs(['--fast'])).toEqual({ error: "unknown option '--fast'" });
    expect(parseDoctorArgs(['fast'])).toMatchObject({ error: expect.stringContaining('too many arguments') });
    expect(parseDoctorArgs(['--model', '--json'])).toEqual({
      error: "option '-m, --model <model>' argument '--json' is invalid. needs a model name",
    });
    expect(parseDoctorArgs(['--provider'])).toEqual({ error: "option '--provider <name>' argument missing" });
  });
});
