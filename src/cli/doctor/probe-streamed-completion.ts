import { buildProbeBody } from './build-probe-body.js';
import { failedWithStatus, openBackendStream } from './call-backend.js';
import { type CollectedAnswer, collectChatStream } from './collect-chat-stream.js';
import type { DoctorContext } from './create-doctor-context.js';
import type { ProbeOutcome } from './doctor-report.js';
import { noteReasoning, preview } from './note-reasoning.js';
import { PLAIN_PROMPT } from './probe-plain-completion.js';

export interface StreamedProbe {
  outcome: ProbeOutcome;
  /** Whether usage arrived, reported as its own line; undefined when the stream failed. */
  usage: ProbeOutcome | undefined;
}

/** A streamed completion, as Claude Code always asks: text arrives in chunks, and usage at the end. */
export async function probeStreamedCompletion(context: DoctorContext, model: string): Promise<StreamedProbe> {
  const response = await openBackendStream(
    context,
    buildProbeBody(context, model, PLAIN_PROMPT, 64, { stream: true }),
  );
  if (response.statusCode < 200 || response.statusCode >= 300) {
    return {
      outcome: failedWithStatus(context, response.statusCode, await response.body.text()),
      usage: undefined,
    };
  }
  const contentType = String(response.headers['content-type'] ?? '');
  if (!contentType.includes('text/event-stream')) {
    await response.body.dump();
    return {
      outcome: {
        status: 'failed',
        detail: `asked to stream, the backend answered ${contentType || 'without a content type'}`,
      },
      usage: undefined,
    };
  }
  const answer = await collectChatStream(response.body);
  noteReasoning(
    context,
    answer.text,
    answer.reasoningField ? { [answer.reasoningField]: answer.reasoning } : {},
  );
  return { outcome: judgeStream(answer), usage: judgeUsage(context, answer) };
}

function judgeStream(answer: CollectedAnswer): ProbeOutcome {
  if (answer.streamError)
    return { status: 'failed', detail: 'the stream reported an error', backendError: answer.streamError };
  if (answer.text.trim().length === 0 && answer.reasoning.length === 0) {
    return { status: 'failed', detail: 'the stream carried no text' };
  }
  const ending = answer.finishReason ? `finish_reason ${answer.finishReason}` : 'no finish_reason';
  return { status: 'ok', detail: `streamed ${preview(answer.text)}, ${ending}` };
}

function judgeUsage(context: DoctorContext, answer: CollectedAnswer): ProbeOutcome {
  const usage = answer.usage;
  context.findings.usageInStream = usage !== undefined;
  if (usage) {
    return {
      status: 'ok',
      detail: `${usage.prompt_tokens ?? '?'} input and ${usage.completion_tokens ?? '?'} output tokens reported`,
    };
  }
  return {
    status: 'not-supported',
    detail: 'no usage in the stream: token counts shown to Claude Code are estimates',
  };
}
