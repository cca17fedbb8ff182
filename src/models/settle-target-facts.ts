import type { ProviderRegistry } from '../providers/create-provider-registry.js';

/** How long a request may wait for a provider's first model facts: enough for a local server, short for a user. */
export const FACTS_WAIT_MS = 500;

/**
 * Waits (at most `timeoutMs`) for the published facts of the models a route may use, or
 * returns undefined at once when they are all in, as they are for every request after the
 * first few: the common path costs no promise.
 */
export function settleTargetFacts(
  providers: ProviderRegistry,
  targets: ReadonlyArray<{ provider: string; model: string }>,
  timeoutMs: number = FACTS_WAIT_MS,
): Promise<void> | undefined {
  const waits: Promise<void>[] = [];
  for (const target of targets) {
    const facts = providers.get(target.provider)?.modelFacts;
    if (facts && !facts.isSettled(target.model)) waits.push(facts.settle(target.model, timeoutMs));
  }
  return waits.length > 0 ? Promise.all(waits).then(() => undefined) : undefined;
}
