import { selectProtocol } from '../../providers/select-protocol.js';
import type { DoctorContext } from './create-doctor-context.js';
import type { ProbeId, ProbeOutcome, ProbeResult } from './doctor-report.js';
import { probeForcedToolCall } from './probe-forced-tool-call.js';
import { createProtocolProber } from './probe-in-protocol.js';
import { probeModelsList } from './probe-models-list.js';
import { probeOutputCap } from './probe-output-cap.js';
import { probePlainCompletion } from './probe-plain-completion.js';
import { probeReachability } from './probe-reachability.js';
import { probeReasoning } from './probe-reasoning.js';
import { probeStreamedCompletion } from './probe-streamed-completion.js';
import {
  createProxyClient,
  probeProxyStream,
  probeProxyText,
  probeProxyToolCall,
} from './probe-through-proxy.js';
import { readServerIdentity } from './read-server-identity.js';
import { type ProbeProgress, type ProbeSpec, runProbe, skippedResult } from './run-probe.js';
import { type DoctorProxy, startDoctorProxy } from './start-doctor-proxy.js';

/** Every probe in the order it runs; `required` marks what Claude Code cannot do without. */
export const PROBES: Readonly<Record<ProbeId, ProbeSpec>> = {
  reachability: { id: 'reachability', title: 'backend reachable', required: true },
  'models-list': { id: 'models-list', title: 'model listed', required: false },
  'plain-completion': { id: 'plain-completion', title: 'plain completion', required: true },
  'streamed-completion': { id: 'streamed-completion', title: 'streamed completion', required: true },
  'stream-usage': { id: 'stream-usage', title: 'usage in streams', required: false },
  'forced-tool-call': { id: 'forced-tool-call', title: 'forced tool call', required: true },
  reasoning: { id: 'reasoning', title: 'reasoning', required: false },
  'output-cap': { id: 'output-cap', title: 'output token cap', required: true },
  'proxy-text': { id: 'proxy-text', title: 'proxy: text', required: true },
  'proxy-stream': { id: 'proxy-stream', title: 'proxy: stream', required: true },
  'proxy-tool-call': { id: 'proxy-tool-call', title: 'proxy: tool call', required: true },
};

/** Runs the probes one after another: direct to the backend first, then through an in-process proxy. */
export async function runDoctorProbes(
  context: DoctorContext,
  progress: ProbeProgress,
): Promise<ProbeResult[]> {
  const results: ProbeResult[] = [];
  const run = async (id: ProbeId, probe: () => Promise<ProbeOutcome>) => {
    results.push(await runProbe(PROBES[id], context, progress, probe));
  };
  const skip = (ids: ProbeId[], reason: string) => {
    for (const id of ids) results.push(skippedResult(PROBES[id], reason, progress));
  };
  /** A probe that does not apply to the provider's protocol: skipped, and required of nobody. */
  const notApplicable = (ids: ProbeId[], reason: string) => {
    for (const id of ids) results.push(skippedResult({ ...PROBES[id], required: false }, reason, progress));
  };
  const modelProbes: ProbeId[] = [
    'plain-completion',
    'streamed-completion',
    'stream-usage',
    'forced-tool-call',
    'reasoning',
    'output-cap',
    'proxy-text',
    'proxy-stream',
    'proxy-tool-call',
  ];

  await run('reachability', () => probeReachability(context));
  if (context.findings.unreachable) {
    skip(['models-list', ...modelProbes], 'backend unreachable');
    return results;
  }
  const { protocol } = selectProtocol(context.provider.backend, context.provider.protocol);
  // Anthropic-compatible endpoints serve no OpenAI model list beside their /v1/messages.
  if (protocol === 'anthropic')
    notApplicable(['models-list'], 'an OpenAI /models probe; this provider speaks the anthropic protocol');
  else await run('models-list', () => probeModelsList(context));
  await readServerIdentity(context);
  const model = context.model;
  if (!model) {
    skip(modelProbes, 'no model to probe: set OPENAI_MODEL or pass --model');
    return results;
  }

  if (protocol !== 'chat') {
    // The other protocols are probed through the proxy's own attempt for them; the probes that
    // read Chat Completions fields have nothing to read there.
    const prober = createProtocolProber(context);
    await run('plain-completion', () => prober.plain(model));
    await run('streamed-completion', () => prober.streamed(model));
    notApplicable(
      ['stream-usage'],
      `a Chat Completions probe; this provider speaks the ${protocol} protocol`,
    );
    await run('forced-tool-call', () => prober.forcedToolCall(model));
    notApplicable(
      ['reasoning', 'output-cap'],
      `Chat Completions probes; this provider speaks the ${protocol} protocol`,
    );
  } else {
    await run('plain-completion', () => probePlainCompletion(context, model));
    // Every later probe would fail the same way; one line with the backend's message says it.
    const stopReason = explainEarlyStop(context, model);
    if (stopReason) {
      skip(modelProbes.slice(1), stopReason);
      return results;
    }
    let usage: ProbeOutcome | undefined;
    await run('streamed-completion', async () => {
      const streamed = await probeStreamedCompletion(context, model);
      usage = streamed.usage;
      return streamed.outcome;
    });
    if (usage) {
      // Read from the same stream, so it shares that probe's time.
      const streamedMs = results.at(-1)?.durationMs ?? 0;
      const result: ProbeResult = { ...PROBES['stream-usage'], ...usage, durationMs: streamedMs };
      progress.finish(result);
      results.push(result);
    } else skip(['stream-usage'], 'the stream failed');
    await run('forced-tool-call', () => probeForcedToolCall(context, model));
    await run('reasoning', () => probeReasoning(context, model));
    await run('output-cap', () => probeOutputCap(context, model));
  }

  let proxy: DoctorProxy | undefined;
  try {
    // The dialect the probes settled on, so the proxy need not ask the backend again.
    const provider = { ...context.provider, dialect: context.dialect.name };
    proxy = await startDoctorProxy(context.config, provider, model, context.probeTimeoutMs);
  } catch (error) {
    skip(
      ['proxy-text', 'proxy-stream', 'proxy-tool-call'],
      `the proxy did not start: ${(error as Error).message}`,
    );
    return results;
  }
  try {
    const client = createProxyClient(proxy, context);
    await run('proxy-text', () => probeProxyText(client, context, model));
    await run('proxy-stream', () => probeProxyStream(client, context, model));
    await run('proxy-tool-call', () => probeProxyToolCall(client, context, model));
  } finally {
    await proxy.close();
  }
  return results;
}

function explainEarlyStop(context: DoctorContext, model: string): string | undefined {
  const { authenticationFailed, modelUnknown, pathNotFound } = context.findings;
  if (authenticationFailed) return 'the API key was rejected';
  if (modelUnknown) return `the backend does not know ${model}`;
  if (pathNotFound) return `the backend has no ${context.provider.backend.chatCompletionsPath}`;
  return undefined;
}
