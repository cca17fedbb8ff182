import { callBackend, failedWithStatus, parseJsonSafely } from './call-backend.js';
import type { DoctorContext } from './create-doctor-context.js';
import type { ProbeOutcome } from './doctor-report.js';

interface ModelEntry {
  id?: unknown;
  owned_by?: unknown;
}

/**
 * GET /models: checks the key is accepted and the model is listed. When no model is
 * configured, the first listed one is probed so the other checks still run.
 */
export async function probeModelsList(context: DoctorContext): Promise<ProbeOutcome> {
  const answer = await callBackend(context, {
    method: 'GET',
    path: `${context.provider.backend.basePath}/models`,
  });
  if (answer.status === 404 || answer.status === 405) {
    return { status: 'not-supported', detail: 'the backend has no GET /models endpoint (not needed)' };
  }
  if (answer.status < 200 || answer.status >= 300) {
    const failed = failedWithStatus(context, answer.status, answer.text);
    // Some gateways guard only /models, and a 404 here says nothing about the model: only
    // the completion probes decide whether the key or the model is the problem.
    context.findings.modelUnknown = false;
    context.findings.authenticationFailed = false;
    context.findings.pathNotFound = false;
    return failed;
  }
  const body = parseJsonSafely(answer.text) as { data?: unknown; models?: unknown } | undefined;
  const list = Array.isArray(body?.data) ? body.data : Array.isArray(body?.models) ? body.models : undefined;
  if (!list) return { status: 'failed', detail: 'GET /models answered, but not with a list of models' };
  const entries = list as ModelEntry[];
  const ids = entries.map((entry) => entry.id).filter((id): id is string => typeof id === 'string');
  context.findings.listedModels = ids;
  context.findings.modelOwners = [
    ...new Set(
      entries.map((entry) => entry.owned_by).filter((owner): owner is string => typeof owner === 'string'),
    ),
  ];
  const count = `${ids.length} model${ids.length === 1 ? '' : 's'} listed`;
  if (!context.model) {
    const first = ids[0];
    if (!first) return { status: 'failed', detail: `${count}; no model to probe` };
    context.model = first;
    context.modelSource = 'first listed model';
    return { status: 'ok', detail: `${count}; probing ${first} (no model configured)` };
  }
  const model = context.model;
  // Ollama lists a model pulled without a tag as name:latest.
  if (ids.some((id) => id === model || id === `${model}:latest`))
    return { status: 'ok', detail: `${count}, ${model} among them` };
  return {
    status: 'failed',
    detail: `${count}, but not ${context.model}${ids.length > 0 ? ` (e.g. ${ids.slice(0, 5).join(', ')})` : ''}`,
  };
}
