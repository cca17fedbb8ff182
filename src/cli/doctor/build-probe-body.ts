import type { OpenAIChatRequest, OpenAIMessage } from '../../wire/openai.js';
import type { DoctorContext } from './create-doctor-context.js';

/** A small Chat Completions body in the dialect's terms: its token-limit field, stream_options only where allowed. */
export function buildProbeBody(
  context: DoctorContext,
  model: string,
  prompt: string,
  maxTokens: number,
  extra: Partial<OpenAIChatRequest> = {},
): OpenAIChatRequest {
  const messages: OpenAIMessage[] = [{ role: 'user', content: prompt }];
  const body: OpenAIChatRequest = { model, messages, [context.dialect.tokenLimitField]: maxTokens, ...extra };
  if (body.stream && context.dialect.requestFields.has('stream_options')) {
    body.stream_options = { include_usage: true };
  }
  return body;
}
