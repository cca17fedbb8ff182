import { assertNever } from '../translate/convert-user-content.js';
import { sendAnthropic } from './anthropic/send-anthropic.js';
import { sendChatCompletion } from './chat-completions/send-chat-completion.js';
import type { Provider } from './provider.js';
import type { ProviderAnswer, ProviderCall } from './provider-answer.js';
import { sendResponses } from './responses/send-responses.js';

/**
 * One attempt at a provider, in the protocol it speaks. Every protocol answers up to the
 * same commit point with the same ProviderAnswer, so the dispatcher and the stream writer
 * never need to know which one ran.
 */
export function sendToProvider(provider: Provider, call: ProviderCall): Promise<ProviderAnswer> {
  switch (provider.protocol) {
    case 'chat':
      return sendChatCompletion(provider, call);
    case 'responses':
      return sendResponses(provider, call);
    case 'anthropic':
      return sendAnthropic(provider, call);
    default:
      return assertNever(provider.protocol);
  }
}
