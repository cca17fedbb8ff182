import { describe, expect, it } from 'vitest';
import { useDoctorAgainstQuirkyBackends } from '../helpers/doctor-against-quirky-backend.js';
import { probeOf, suggestionCodes } from '../helpers/run-doctor-in-process.js';

// llama-server works with Claude Code only when started with --jinja (else tool calls come
// back as text) and a context larger than a Claude Code turn (its default is a few
// thousand tokens). Its users should learn both from the doctor, not from a failed session.

const doctor = useDoctorAgainstQuirkyBackends();
const llamaProps = (nCtx: number) => ({ default_generation_settings: { n_ctx: nCtx }, total_slots: 1 });

describe('infiniproxy doctor against llama-server', () => {
  it('recognizes llama-server by its model list and probes in its dialect', async () => {
    const { report, backend } = await doctor.json({ ownedBy: 'llamacpp', props: llamaProps(65_536) });
    expect(report.suggestions.find((suggestion) => suggestion.code === 'dialect')?.message).toBe(
      'Dialect: llama.cpp (llama-server) (detected from server).',
    );
    const forced = backend.requests.find(
      (request) => (request.body as { tools?: unknown } | undefined)?.tools !== undefined,
    );
    expect(forced).toBeDefined();
    expect((forced!.body as { tool_choice?: unknown }).tool_choice).toBe('required');
    expect(suggestionCodes(report)).not.toContain('llama-server-context');
  });

  it('suggests --jinja when tool calls come back as text', async () => {
    const { report } = await doctor.json({
      ownedBy: 'llamacpp',
      props: llamaProps(65_536),
      toolCallsAsText: true,
    });
    expect(probeOf(report, 'forced-tool-call').status).toBe('failed');
    expect(
      report.suggestions.find((suggestion) => suggestion.code === 'llama-server-jinja')?.message,
    ).toContain('start it with --jinja');
  });

  it('suggests -c when its context is smaller than a Claude Code turn', async () => {
    const { report } = await doctor.json({ props: llamaProps(4_096) });
    expect(report.suggestions.find((suggestion) => suggestion.code === 'llama-server-context')?.message).toBe(
      "llama-server's context is 4096 tokens per request, smaller than one Claude Code turn (about 20K tokens): restart it with -c 65536 or more (with -np N, each slot gets a share of -c).",
    );
  });

  it('suggests no llama-server flags to another server', async () => {
    const { report } = await doctor.json({ ownedBy: 'vllm', toolCallsAsText: true });
    expect(suggestionCodes(report)).not.toContain('llama-server-jinja');
    expect(suggestionCodes(report)).not.toContain('llama-server-context');
  });
});
