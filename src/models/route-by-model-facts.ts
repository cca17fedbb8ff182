import type { Config } from '../config/config.js';
import type { RequestTraits } from '../routing/read-request-traits.js';
import { type SelectedRoute, selectImageRoute } from '../routing/select-route.js';
import type { PlainModelFacts } from './model-facts.js';

/**
 * A request with images whose route leads to a model known not to see them goes to the
 * `image` route instead, when there is one. (Routing already sends images there before it
 * looks at the Claude family; this covers the routes that come first: a name in
 * routes.models, `provider/model`, long_context.) Without an image route the images become a
 * short note on the way to the backend.
 */
export function routeByModelFacts(
  config: Pick<Config, 'routes'>,
  route: SelectedRoute,
  traits: RequestTraits,
  factsOf: (provider: string, model: string) => PlainModelFacts | undefined,
): SelectedRoute {
  if (!traits.hasImages || route.name === 'image') return route;
  const first = route.targets[0];
  if (!first || factsOf(first.provider, first.model)?.vision !== false) return route;
  const image = selectImageRoute(config, traits);
  return image && image.targets.length > 0 ? image : route;
}
