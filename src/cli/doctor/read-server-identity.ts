import { dialectsByName } from '../../dialects/all-dialects.js';
import { recognizeServerDialect, serverSignatures } from '../../dialects/recognize-server-dialect.js';
import { isWorthAskingServer, selectDialect } from '../../dialects/select-dialect.js';
import { callBackend, parseJsonSafely } from './call-backend.js';
import type { DoctorContext } from './create-doctor-context.js';

/**
 * What server the backend is, from the model list's `owned_by` (read by the models-list
 * probe) and the signature paths only one server answers (llama-server's GET /props, which
 * also gives its context size). Where the URL does not say, the proxy would detect the same
 * at start-up, so the doctor probes in that dialect from here on. Never throws: a backend
 * that answers none of it is just not recognized.
 */
export async function readServerIdentity(context: DoctorContext): Promise<void> {
  const { findings } = context;
  for (const signature of serverSignatures()) {
    const answer = await callBackend(context, { method: 'GET', path: signature.path }).catch(() => undefined);
    const body = answer?.status === 200 ? parseJsonSafely(answer.text) : undefined;
    if (!isRecord(body) || !Object.hasOwn(body, signature.key)) continue;
    findings.signaturePaths.push(signature.path);
    const settings = body.default_generation_settings;
    if (isRecord(settings) && typeof settings.n_ctx === 'number') findings.contextWindow = settings.n_ctx;
  }
  findings.server = recognizeServerDialect({
    modelOwners: findings.modelOwners,
    signaturePaths: findings.signaturePaths,
  });
  const selection = selectDialect(context.provider.backend.displayUrl, context.provider.dialect);
  if (findings.server && isWorthAskingServer(selection)) {
    context.dialect = dialectsByName[findings.server.dialect];
    context.dialectReason = 'detected from server';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
