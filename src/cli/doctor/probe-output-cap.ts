import { clampMaxTokens } from '../../translate/clamp-max-tokens.js';
import { readUpstreamErrorMessage } from '../../upstream/map-upstream-error.js';
import { buildProbeBody } from './build-probe-body.js';
import { failedWithStatus, openBackendStream } from './call-backend.js';
import type { DoctorContext } from './create-doctor-context.js';
import type { ProbeOutcome } from './doctor-report.js';
import { PLAIN_PROMPT } from './probe-plain-completion.js';
import { readOutputCap } from './read-output-cap.js';

/** What Claude Code asks for on its main requests. */
export const CLAUDE_CODE_MAX_TOKENS = 32_000;
const SMALLER_TRIES = [16_384, 8_192, 4_096, 2_048, 1_024];

/**
 * Sends the max_tokens the proxy would send for a Claude Code request (after the dialect's
 * model limits and MAX_OUTPUT_TOKENS); if the backend refuses it, reads the cap from the
 * refusal or tries smaller values, so the report can name a MAX_OUTPUT_TOKENS that works.
 * Requests stream and are dropped once accepted, so nothing long is generated.
 */
export async function probeOutputCap(context: DoctorContext, model: string): Promise<ProbeOutcome> {
  const sent = clampMaxTokens(CLAUDE_CODE_MAX_TOKENS, {
    model,
    dialect: context.dialect,
    operatorCap: context.config.maxOutputTokens,
    estimateInputTokens: () => 20,
    warnings: [],
  });
  context.findings.outputTokensSent = sent;
  const first = await tryMaxTokens(context, model, sent);
  if (first.accepted) {
    return {
      status: 'ok',
      detail: `accepts max_tokens ${sent} (what the proxy sends for Claude Code's ${CLAUDE_CODE_MAX_TOKENS})`,
    };
  }
  if (first.status !== 400 && first.status !== 422)
    return failedWithStatus(context, first.status, first.text);
  const refusal = readUpstreamErrorMessage(first.text).message;
  const stated = readOutputCap(refusal);
  const candidates = [
    ...(stated !== undefined && stated < sent ? [stated] : []),
    ...SMALLER_TRIES.filter((value) => value < sent),
  ];
  for (const candidate of candidates.slice(0, 4)) {
    const attempt = await tryMaxTokens(context, model, candidate);
    if (attempt.accepted) {
      context.findings.outputCap = candidate;
      return {
        status: 'failed',
        detail: `refuses max_tokens ${sent}, accepts ${candidate}: Claude Code's requests would be rejected`,
        backendError: refusal,
      };
    }
  }
  return {
    status: 'failed',
    detail: `refuses max_tokens ${sent} and every smaller value tried`,
    backendError: refusal,
  };
}

async function tryMaxTokens(
  context: DoctorContext,
  model: string,
  maxTokens: number,
): Promise<{ accepted: boolean; status: number; text: string }> {
  const response = await openBackendStream(
    context,
    buildProbeBody(context, model, PLAIN_PROMPT, maxTokens, { stream: true }),
  );
  const accepted = response.statusCode >= 200 && response.statusCode < 300;
  if (accepted) {
    // Accepted is all this probe needs; closing the stream stops the generation.
    response.body.on('error', () => undefined);
    response.body.destroy();
    return { accepted, status: response.statusCode, text: '' };
  }
  return { accepted, status: response.statusCode, text: await response.body.text() };
}
