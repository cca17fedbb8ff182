import type { RecordedRequest, Reply, ScriptedBackend } from './scripted-backend.js';

/**
 * Makes the scripted backend answer every request from now on with the reply `choose`
 * picks after looking at it. A fixed queue suits clients whose requests are known in
 * advance; real clients such as Claude Code add requests of their own (titles, probes,
 * summaries) that would take a scripted turn meant for another request.
 */
export function answerEveryRequest(
  backend: ScriptedBackend,
  choose: (request: RecordedRequest) => Reply,
): void {
  const reply: Reply = (request, response) => {
    // Queued again before anything awaits, so a request arriving meanwhile finds it too.
    backend.enqueue(reply);
    return choose(request)(request, response);
  };
  backend.enqueue(reply);
}
