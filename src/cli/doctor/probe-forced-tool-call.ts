import type { OpenAIFunctionTool, OpenAIToolChoice } from '../../wire/openai.js';
import { buildProbeBody } from './build-probe-body.js';
import { failedWithStatus, openBackendStream, parseJsonSafely } from './call-backend.js';
import { type CollectedAnswer, collectChatStream } from './collect-chat-stream.js';
import type { DoctorContext } from './create-doctor-context.js';
import type { ProbeOutcome } from './doctor-report.js';
import { preview } from './note-reasoning.js';

export const WEATHER_TOOL_NAME = 'get_weather';
export const TOOL_PROMPT = `What is the weather in Paris? Call the ${WEATHER_TOOL_NAME} tool; do not answer in text.`;

export const WEATHER_TOOL: OpenAIFunctionTool = {
  type: 'function',
  function: {
    name: WEATHER_TOOL_NAME,
    description: 'Current weather for a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string', description: 'City name' } },
      required: ['city'],
    },
  },
};

/**
 * A streamed request that forces a tool call, as Claude Code's agent loop needs. Small
 * local models often print the call as JSON text instead; Claude Code then never runs the tool.
 */
export async function probeForcedToolCall(context: DoctorContext, model: string): Promise<ProbeOutcome> {
  const body = buildProbeBody(context, model, TOOL_PROMPT, 256, {
    stream: true,
    tools: [WEATHER_TOOL],
    tool_choice: forcedChoice(context),
  });
  const response = await openBackendStream(context, body);
  if (response.statusCode < 200 || response.statusCode >= 300) {
    const failed = failedWithStatus(context, response.statusCode, await response.body.text());
    if (/tool|function/i.test(failed.backendError ?? '')) context.findings.toolsRejected = true;
    return failed;
  }
  const answer = await collectChatStream(response.body);
  return judgeToolCall(context, answer);
}

/**
 * As the proxy would force the one tool: a named function where the backend takes one,
 * "required" where it takes only strings (llama.cpp, LM Studio), auto for GLM.
 */
function forcedChoice(context: DoctorContext): OpenAIToolChoice {
  switch (context.dialect.toolChoice) {
    case 'auto-only':
      return 'auto';
    case 'required-with-one-tool':
      return 'required';
    default:
      return { type: 'function', function: { name: WEATHER_TOOL_NAME } };
  }
}

function judgeToolCall(context: DoctorContext, answer: CollectedAnswer): ProbeOutcome {
  if (answer.streamError)
    return { status: 'failed', detail: 'the stream reported an error', backendError: answer.streamError };
  const call = answer.toolCalls[0];
  if (call) {
    const input = parseJsonSafely(call.arguments || '{}');
    if (call.name !== WEATHER_TOOL_NAME)
      return { status: 'failed', detail: `called an unknown tool "${call.name}"` };
    if (typeof input !== 'object' || input === null) {
      return {
        status: 'failed',
        detail: `structured call, but its arguments are not a JSON object: ${preview(call.arguments)}`,
      };
    }
    return { status: 'ok', detail: `structured call ${WEATHER_TOOL_NAME}(${JSON.stringify(input)})` };
  }
  if (looksLikePrintedCall(answer.text)) {
    context.findings.toolCallAsText = true;
    return {
      status: 'failed',
      detail: `the call came back as text, not as tool_calls: ${preview(answer.text, 60)}`,
    };
  }
  context.findings.toolCallMissing = true;
  return { status: 'failed', detail: `no tool call; the model answered ${preview(answer.text)}` };
}

/** JSON naming the tool or its argument, often fenced or inside <tool_call> tags. */
function looksLikePrintedCall(text: string): boolean {
  return text.includes(WEATHER_TOOL_NAME) || (/[{[]/.test(text) && /"city"\s*:/.test(text));
}
