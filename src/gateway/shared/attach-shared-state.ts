import type { AppContext } from '../../server/app-context.js';

/**
 * Connects the providers of the configuration in effect to the shared stores (cooldowns,
 * reasoning memory) when Redis is configured. Called at start-up and after each reload,
 * since a reload builds new providers.
 */
export function attachSharedState(context: AppContext): void {
  const shared = context.team?.shared;
  if (!shared) return;
  for (const provider of context.gateway.providers.all) {
    provider.reasoningMemory?.share(shared.reasoning);
    provider.health.onCooldown((ms) => {
      // Our own announcement comes back through the subscription too; coolFor keeps the later end, so it changes nothing.
      shared.cooldowns.announce(provider.name, ms);
    });
  }
}

/** Applies a cooldown another instance announced to the provider of that name, if this instance has one. */
export function applySharedCooldown(context: AppContext, providerName: string, ms: number): void {
  const provider = context.gateway.providers.all.find((candidate) => candidate.name === providerName);
  provider?.health.coolFor(ms);
}
