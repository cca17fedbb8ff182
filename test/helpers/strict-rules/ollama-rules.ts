import { isRecord, type StrictRule, toolCallsOf } from './strict-rule.js';

/** Ollama's /v1 decodes only data URLs of these types, and parses history arguments as JSON. */
const OLLAMA_IMAGE_URL = /^data:image\/(jpeg|jpg|png|webp);base64,/;

export const ollamaRules: StrictRule[] = [
  {
    name: 'images-as-data-urls',
    check(body) {
      for (const message of body.messages) {
        if (!Array.isArray(message.content)) continue;
        for (const part of message.content) {
          if (!isRecord(part) || part.type !== 'image_url') continue;
          const url = isRecord(part.image_url) ? part.image_url.url : undefined;
          if (typeof url !== 'string' || !OLLAMA_IMAGE_URL.test(url))
            return { message: 'invalid image input' };
        }
      }
      return undefined;
    },
  },
  {
    name: 'history-arguments-are-json',
    check(body) {
      for (const message of body.messages) {
        for (const call of toolCallsOf(message)) {
          const args = isRecord(call.function) ? call.function.arguments : undefined;
          try {
            JSON.parse(String(args));
          } catch {
            return { message: 'invalid tool call arguments' };
          }
        }
      }
      return undefined;
    },
  },
];
