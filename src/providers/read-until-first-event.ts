import { UpstreamProtocolError } from '../errors.js';
import type { AnthropicStreamEvent } from '../translate/create-stream-translator.js';
import { mapTransportError } from '../upstream/create-upstream-client.js';
import type { StreamConverter } from './chat-completions/create-stream-converter.js';
import type { Provider } from './provider.js';

/**
 * Reads a backend's body up to the commit point: the converter's first event that shows
 * the client something (what `started` means to each protocol). A stream that fails before
 * it, by a transport error, an early end or an error event, throws, so the dispatcher may
 * still retry or fall back without the client seeing anything.
 */
export async function readUntilFirstEvent(
  provider: Provider,
  converter: StreamConverter,
  body: AsyncIterator<Buffer>,
): Promise<AnthropicStreamEvent[]> {
  const events = converter.start();
  while (!converter.started && !converter.finished) {
    let next: IteratorResult<Buffer>;
    try {
      next = await body.next();
    } catch (cause) {
      throw mapTransportError(cause, describeBackend(provider));
    }
    if (next.done) {
      if (!converter.started) {
        throw new UpstreamProtocolError(
          `Provider ${provider.name} ended its answer stream before sending anything`,
          undefined,
          provider.name,
        );
      }
      break;
    }
    for (const event of converter.push(next.value)) events.push(event);
  }
  const failure = converter.failure;
  if (failure && events.every((event) => event.type === 'message_start' || event.type === 'error')) {
    await body.return?.();
    throw failure;
  }
  return events;
}

/** How transport errors name the backend that failed. */
export function describeBackend(provider: Provider) {
  return {
    provider: provider.name,
    url: provider.config.backend.displayUrl,
    timeouts: provider.config.timeouts,
  };
}
