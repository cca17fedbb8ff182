import type { DoctorContext } from './create-doctor-context.js';

const THINK_TAG = /<\/?think>/i;

/** Records where reasoning arrived, and whether it leaked into the text as <think> tags. */
export function noteReasoning(
  context: DoctorContext,
  text: string,
  fields: { reasoning_content?: string | null; reasoning?: string | null },
): void {
  if (THINK_TAG.test(text)) context.findings.thinkTagsInText = true;
  if (opensInPrompt(text)) context.findings.thinkCloseTagOnly = true;
  if (fields.reasoning_content) context.findings.reasoningField = 'reasoning_content';
  else if (fields.reasoning) context.findings.reasoningField ??= 'reasoning';
}

export function hasThinkTags(text: string): boolean {
  return THINK_TAG.test(text);
}

/** Only `</think>` in the text: the chat template wrote `<think>` into the prompt. */
export function opensInPrompt(text: string): boolean {
  return text.includes('</think>') && !text.trimStart().startsWith('<think>');
}

/** A short quoted sample of model text for a report line. */
export function preview(text: string, length = 40): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > length ? `${flat.slice(0, length)}…` : flat);
}
