import { buildReasoningFields } from '../../translate/build-reasoning-fields.js';
import { readUpstreamErrorMessage } from '../../upstream/map-upstream-error.js';
import type { OpenAIChatResponse } from '../../wire/openai.js';
import { buildProbeBody } from './build-probe-body.js';
import { callBackend, chatCompletionsPath, failedWithStatus, parseJsonSafely } from './call-backend.js';
import type { DoctorContext } from './create-doctor-context.js';
import type { ProbeOutcome } from './doctor-report.js';
import { hasThinkTags, noteReasoning, opensInPrompt } from './note-reasoning.js';

const REASONING_PROMPT = 'Is 391 a prime number? Think briefly, then answer yes or no.';

/**
 * Asks the model to think, the way the dialect switches thinking on, and looks for the
 * reasoning in reasoning_content or reasoning. Models that do not think are fine; reasoning
 * inside <think> tags in the text means the server's reasoning parser is off, which is fine
 * as long as THINK_TAGS (or the dialect's default) has the proxy take the tags out.
 */
export async function probeReasoning(context: DoctorContext, model: string): Promise<ProbeOutcome> {
  const thinking = buildReasoningFields(
    { kind: 'on', effort: 'low', budgetTokens: undefined, omitText: false },
    context.dialect,
    model,
  );
  const answer = await callBackend(context, {
    method: 'POST',
    path: chatCompletionsPath(context),
    body: buildProbeBody(context, model, REASONING_PROMPT, 1024, thinking),
  });
  if ((answer.status === 400 || answer.status === 422) && Object.keys(thinking).length > 0) {
    // The plain completion worked, so it is the thinking switch this model does not take.
    return {
      status: 'not-supported',
      detail: `the backend refused the thinking fields (${Object.keys(thinking).join(', ')})`,
      backendError: readUpstreamErrorMessage(answer.text).message,
    };
  }
  if (answer.status < 200 || answer.status >= 300)
    return failedWithStatus(context, answer.status, answer.text);
  const message = (parseJsonSafely(answer.text) as OpenAIChatResponse | undefined)?.choices?.[0]?.message;
  if (!message)
    return { status: 'failed', detail: 'the answer is not a chat completion (no choices[0].message)' };
  const text = typeof message.content === 'string' ? message.content : '';
  noteReasoning(context, text, message);
  const asked = Object.keys(thinking).length > 0 ? ` (asked with ${Object.keys(thinking).join(', ')})` : '';
  if (message.reasoning_content) {
    return {
      status: 'ok',
      detail: `${message.reasoning_content.length} characters in reasoning_content${asked}`,
    };
  }
  if (message.reasoning)
    return { status: 'ok', detail: `${message.reasoning.length} characters in reasoning${asked}` };
  if (hasThinkTags(text)) {
    const mode = context.config.thinkTags ?? context.dialect.thinkTags;
    const closeOnly = opensInPrompt(text);
    if (mode === 'open' || (mode === 'on' && !closeOnly)) {
      return {
        status: 'ok',
        detail: `reasoning arrived as <think> tags inside the text; the proxy turns them into thinking blocks (THINK_TAGS=${mode})`,
      };
    }
    return {
      status: 'failed',
      detail: closeOnly
        ? 'reasoning arrived inside the text with only </think>: the chat template opens <think> in the prompt'
        : 'reasoning arrived as <think> tags inside the text, not as a separate field',
    };
  }
  return {
    status: 'not-supported',
    detail: `no reasoning returned${asked}; fine for a model that does not think`,
  };
}
