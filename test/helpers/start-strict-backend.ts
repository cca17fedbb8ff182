import type { DialectName } from '../../src/dialects/dialect.js';
import { json, type Reply, type ScriptedBackend, startScriptedBackend } from './scripted-backend.js';
import { checkStrictRules, type Rejection } from './strict-backend-rules.js';

export interface StrictBackend extends ScriptedBackend {
  dialect: DialectName;
  /** Requests the backend refused, in order, with the rule each broke. */
  rejections: Rejection[];
}

/**
 * The scripted backend in strict mode: before a queued reply runs, the request is checked
 * against the rules the real backend of `dialect` applies, and a request that breaks one is
 * answered with that backend's error status and body instead. The queued reply is used up
 * either way, as the real backend would not have answered it.
 */
export async function startStrictBackend(dialect: DialectName): Promise<StrictBackend> {
  const backend = await startScriptedBackend();
  const rejections: Rejection[] = [];
  const strictly =
    (reply: Reply): Reply =>
    (request, response) => {
      const rejection = checkStrictRules(dialect, request.body);
      if (!rejection) return reply(request, response);
      rejections.push(rejection);
      return json(rejection.status, rejection.body)(request, response);
    };
  return {
    ...backend,
    dialect,
    rejections,
    enqueue: (...replies) => backend.enqueue(...replies.map(strictly)),
  };
}
