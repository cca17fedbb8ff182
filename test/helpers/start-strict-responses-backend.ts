import { openaiErrorShape } from './backend-error-bodies.js';
import { json, type Reply, type ScriptedBackend, startScriptedBackend } from './scripted-backend.js';
import { checkResponsesRules } from './strict-rules/responses-rules.js';

export interface ResponsesRejection {
  rule: string;
  message: string;
  status: number;
  body: unknown;
}

export interface StrictResponsesBackend extends ScriptedBackend {
  rejections: ResponsesRejection[];
}

/**
 * A scripted Responses API backend in strict mode: a POST to /v1/responses that breaks one
 * of the API's rules (strict-rules/responses-rules.ts) is answered with the API's error body
 * instead of the queued reply, which is used up either way, as the real API would not have
 * answered it.
 */
export async function startStrictResponsesBackend(): Promise<StrictResponsesBackend> {
  const backend = await startScriptedBackend();
  const rejections: ResponsesRejection[] = [];
  const strictly =
    (reply: Reply): Reply =>
    (request, response) => {
      const violation = request.url === '/v1/responses' ? checkResponsesRules(request.body) : undefined;
      if (!violation) return reply(request, response);
      const { status, body } = openaiErrorShape(violation);
      rejections.push({ rule: violation.rule, message: violation.message, status, body });
      return json(status, body)(request, response);
    };
  return { ...backend, rejections, enqueue: (...replies) => backend.enqueue(...replies.map(strictly)) };
}
