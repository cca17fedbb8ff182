import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../src/cli/doctor/doctor-report.js';
import { redactReport } from '../../src/cli/doctor/redact-report.js';
import { type DoctorProxy, startDoctorProxy } from '../../src/cli/doctor/start-doctor-proxy.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createSecretRedactor } from '../../src/server/redact-secrets.js';
import { useDoctorAgainstQuirkyBackends } from '../helpers/doctor-against-quirky-backend.js';
import { probeOf } from '../helpers/run-doctor-in-process.js';
import type { ScriptedBackend } from '../helpers/scripted-backend.js';
import { startQuirkyBackend } from '../helpers/start-quirky-backend.js';

const BACKEND_KEY = 'sk-wrong-0123456789abcdef';
const doctor = useDoctorAgainstQuirkyBackends();

describe('infiniproxy doctor and the backend key', () => {
  it('never prints the key a backend echoes in its 401 message, in text or --json', async () => {
    const quirks = { requiredKey: 'right-key', echoesKey: true };
    const text = await doctor.run(quirks, [], { OPENAI_API_KEY: BACKEND_KEY });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('backend said: Incorrect API key provided: [redacted].');
    expect(text.stdout).not.toContain(BACKEND_KEY);
    expect(text.stderr).not.toContain(BACKEND_KEY);

    const json = await doctor.json(quirks, [], { OPENAI_API_KEY: BACKEND_KEY });
    expect(probeOf(json.report, 'plain-completion')).toMatchObject({
      status: 'failed',
      backendError: expect.stringContaining('Incorrect API key provided: [redacted].'),
    });
    expect(json.stdout).not.toContain(BACKEND_KEY);
    expect(json.stderr).not.toContain(BACKEND_KEY);
  });

  it('redacts the key from every string of a report, suggestions included', () => {
    const report: DoctorReport = {
      backend: {
        provider: 'default',
        url: 'http://127.0.0.1:1/v1',
        dialect: 'openai',
        dialectLabel: 'OpenAI',
        dialectReason: 'default',
        model: 'm',
        modelSource: 'OPENAI_MODEL',
      },
      probes: [
        {
          id: 'output-cap',
          title: 'output token cap',
          required: true,
          status: 'failed',
          detail: `refused for ${BACKEND_KEY}`,
          backendError: `key ${BACKEND_KEY} may not use max_tokens 32000`,
          durationMs: 3,
        },
      ],
      suggestions: [{ code: 'set-model', message: `it lists ${BACKEND_KEY}-model` }],
      ok: false,
    };
    const redacted = redactReport(report, createSecretRedactor([BACKEND_KEY]));
    expect(JSON.stringify(redacted)).not.toContain(BACKEND_KEY);
    expect(redacted.probes[0]).toMatchObject({
      detail: 'refused for [redacted]',
      backendError: 'key [redacted] may not use max_tokens 32000',
      durationMs: 3,
    });
    expect(redacted.suggestions).toEqual([{ code: 'set-model', message: 'it lists [redacted]-model' }]);
    expect(redacted.ok).toBe(false);
  });
});

describe("the doctor's in-process proxy", () => {
  let backend: ScriptedBackend | undefined;
  let proxy: DoctorProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    await backend?.close();
    proxy = undefined;
    backend = undefined;
  });

  it('requires a random key of its own, so no other local process can use the backend through it', async () => {
    backend = await startQuirkyBackend();
    const config = loadConfig({ OPENAI_BASE_URL: backend.baseUrl, OPENAI_MODEL: 'backend-model' }, null);
    proxy = await startDoctorProxy(config, config.providers[0]!, 'backend-model', 5_000);
    expect(proxy.apiKey).toMatch(/^[\w-]{32}$/);
    const another = await startDoctorProxy(config, config.providers[0]!, 'backend-model', 5_000);
    await another.close();
    expect(another.apiKey).not.toBe(proxy.apiKey);

    const anonymous = await fetch(`${proxy.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(anonymous.status).toBe(401);
    expect(backend.requests).toHaveLength(0);

    const client = new Anthropic({ baseURL: proxy.url, apiKey: proxy.apiKey, maxRetries: 0 });
    const message = await client.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 5,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'ready' }]);
  });

  it('still passes the through-proxy probes, which send that key', async () => {
    const { code, report } = await doctor.json({});
    expect(code).toBe(0);
    for (const id of ['proxy-text', 'proxy-stream', 'proxy-tool-call'] as const)
      expect(probeOf(report, id).status).toBe('ok');
  });
});
