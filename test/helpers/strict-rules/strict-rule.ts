import type { Violation } from '../backend-error-bodies.js';

/**
 * What real backends refuse, as checks over the request body they receive. Each rule is
 * written from the backend's documentation or the error it is reported to send, never
 * from the proxy's dialect files, so a test against these rules proves the translation
 * rather than restating it.
 */
export interface StrictRule {
  /** Kebab-case name, reported with a rejection so a failing test says which rule bit. */
  name: string;
  check(body: ChatBody): Violation | undefined;
}

export type ChatBody = Record<string, unknown> & { messages: ChatMessage[] };
export type ChatMessage = Record<string, unknown> & { role: string };

/** Every message list must keep tool results beside their calls; Chat Completions APIs all check this. */
export const toolResultsFollowTheirCalls: StrictRule = {
  name: 'tool-results-follow-their-calls',
  check(body) {
    let pending: string[] = [];
    let answered = new Set<string>();
    for (const message of body.messages) {
      if (message.role === 'tool') {
        const id = String(message.tool_call_id ?? '');
        if (!pending.includes(id) || answered.has(id))
          return {
            message:
              "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
            param: 'messages',
          };
        answered.add(id);
        continue;
      }
      const unanswered = pending.filter((id) => !answered.has(id));
      if (unanswered.length > 0)
        return {
          message: `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${unanswered.join(', ')}`,
          param: 'messages',
        };
      pending = toolCallsOf(message).map((call) => String(call.id ?? ''));
      answered = new Set();
    }
    const unanswered = pending.filter((id) => !answered.has(id));
    if (unanswered.length > 0)
      return {
        message: `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${unanswered.join(', ')}`,
        param: 'messages',
      };
    return undefined;
  },
};

/** Backends that validate the body against a closed schema: anything else is refused. */
export function onlyKnownFields(
  known: readonly string[],
  refuse: (field: string, value: unknown) => Violation,
): StrictRule {
  const allowed = new Set(['model', 'messages', ...known]);
  return {
    name: 'only-known-fields',
    check(body) {
      const unknown = Object.keys(body).find((field) => !allowed.has(field));
      return unknown === undefined ? undefined : refuse(unknown, body[unknown]);
    },
  };
}

export function toolCallsOf(message: ChatMessage): Record<string, unknown>[] {
  return message.role === 'assistant' && Array.isArray(message.tool_calls)
    ? message.tool_calls.filter(isRecord)
    : [];
}

export function toolsOf(body: ChatBody): Record<string, unknown>[] {
  return Array.isArray(body.tools) ? body.tools.filter(isRecord) : [];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
