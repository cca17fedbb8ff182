import type { OpenAIChatResponse } from '../../wire/openai.js';
import { buildProbeBody } from './build-probe-body.js';
import { callBackend, chatCompletionsPath, failedWithStatus, parseJsonSafely } from './call-backend.js';
import type { DoctorContext } from './create-doctor-context.js';
import type { ProbeOutcome } from './doctor-report.js';
import { noteReasoning, preview } from './note-reasoning.js';

export const PLAIN_PROMPT = 'Reply with the single word: ready';

/** A non-streamed completion: the backend answers, the key works, the model exists. */
export async function probePlainCompletion(context: DoctorContext, model: string): Promise<ProbeOutcome> {
  const answer = await callBackend(context, {
    method: 'POST',
    path: chatCompletionsPath(context),
    body: buildProbeBody(context, model, PLAIN_PROMPT, 64),
  });
  if (answer.status < 200 || answer.status >= 300)
    return failedWithStatus(context, answer.status, answer.text);
  const body = parseJsonSafely(answer.text) as OpenAIChatResponse | undefined;
  const message = body?.choices?.[0]?.message;
  if (!message)
    return { status: 'failed', detail: 'the answer is not a chat completion (no choices[0].message)' };
  const text = typeof message.content === 'string' ? message.content : '';
  noteReasoning(context, text, message);
  if (text.trim().length === 0 && !message.reasoning_content && !message.reasoning) {
    return { status: 'failed', detail: 'the answer has no text' };
  }
  return { status: 'ok', detail: `answered ${preview(text)}` };
}
