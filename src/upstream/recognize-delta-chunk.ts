import type { Mutable } from '../mutable.js';
import type { DeltaKind } from '../translate/create-stream-translator.js';
import type { OpenAIChatChunk } from '../wire/openai.js';

/** The one string field of a plain delta chunk whose value varies from chunk to chunk. */
type DeltaField = 'content' | 'reasoning_content' | 'reasoning';

/**
 * Recognises the chunks most of a Chat Completions stream is made of, one text or reasoning
 * delta each, without JSON.parse. `read` returns the delta's text, or undefined for anything
 * it does not recognise, which the caller parses in full as before. Never wrong, only
 * sometimes declining: see createDeltaChunkRecognizer.
 */
export interface DeltaChunkRecognizer {
  /** The delta's text when `data` is a chunk of the learned shape; undefined otherwise. */
  read(data: string): string | undefined;
  /** Whether the text `read` last returned is answer text or reasoning. */
  readonly kind: DeltaKind;
  /** Shows the recognizer a chunk that was parsed in full, so it may learn that chunk's shape. */
  learn(data: string, chunk: OpenAIChatChunk): void;
}

interface Template {
  /** The chunk's text before the varying string literal (its opening quote excluded). */
  prefix: string;
  /** The chunk's text after the varying string literal (its closing quote excluded). */
  suffix: string;
  kind: DeltaKind;
}

/**
 * A string no backend sends, written with an escape. Placed where a template's literal goes,
 * it parses only if the text before it ends between JSON tokens: inside another string its
 * opening quote would close that string and leave the backslash outside, a syntax error.
 */
const PROBE = '\u0000infiniproxy-probe';
const PROBE_LITERAL = JSON.stringify(PROBE);
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Learned shapes that never matched a later chunk before recognition stops trying for a stream. */
const MAX_UNUSED_TEMPLATES = 8;

/**
 * Backends send one chunk per token, and within a stream those chunks differ only in the
 * token's text: `{"id":"x","object":"chat.completion.chunk",…,"choices":[{"index":0,
 * "delta":{"content":"…"},"finish_reason":null}]}`. After a chunk of that kind was parsed in
 * full, the recognizer keeps its text before and after the varying string literal as a
 * template; a later chunk that is the same text around another string literal is the same
 * JSON value with another string in that one place, so its text is read off the template.
 *
 * Why that holds: the template is accepted only if the probe literal in the varying place
 * parses to a chunk of the same kind carrying the probe. That proves the prefix ends between
 * two tokens outside any string, so any string literal there is one token and the suffix
 * tokenises the same after it; the parse tree is the template's, with that one value changed.
 * A chunk is read off only if its middle is a whole string literal (plain text, or text that
 * JSON.parse decodes as one string). What counts as a plain delta (plainDeltaField) mirrors
 * what the stream translator reads from a chunk, so pushing the text is pushing the chunk.
 */
export function createDeltaChunkRecognizer(): DeltaChunkRecognizer {
  let template: Template | undefined;
  let templateUsed = false;
  let unusedTemplates = 0;

  // `kind` is set by read(): a data property, not a getter (see Mutable).
  const recognizer: Mutable<DeltaChunkRecognizer> = {
    kind: 'text',
    read(data) {
      if (template === undefined) return undefined;
      const { prefix, suffix } = template;
      const start = prefix.length;
      const end = data.length - suffix.length;
      // Slices compared with ===, not startsWith/endsWith: V8 compares equal strings in bulk
      // and the others a character at a time, four times slower on a 100-character prefix.
      if (end - start < 2 || data.slice(0, start) !== prefix || data.slice(end) !== suffix) return undefined;
      if (data.charCodeAt(start) !== QUOTE || data.charCodeAt(end - 1) !== QUOTE) return undefined;
      const text = isPlainText(data, start + 1, end - 1)
        ? data.slice(start + 1, end - 1)
        : decodeLiteral(data.slice(start, end));
      if (text !== undefined) {
        templateUsed = true;
        recognizer.kind = template.kind;
      }
      return text;
    },
    learn(data, chunk) {
      if (unusedTemplates >= MAX_UNUSED_TEMPLATES) return;
      const field = plainDeltaField(chunk);
      if (field === undefined) return;
      const learned = findTemplate(data, field);
      if (learned === undefined) return;
      if (template !== undefined && !templateUsed) unusedTemplates++;
      template = learned;
      templateUsed = false;
    },
  };
  return recognizer;
}

/**
 * True when the text between `from` and `to` is a string literal's body as it stands: no
 * quote, backslash or control character, which need JSON's own decoding (or are not valid
 * JSON). A loop, not a regular expression: the bodies are a few characters, where the loop
 * costs a fraction of a RegExp call.
 */
function isPlainText(data: string, from: number, to: number): boolean {
  for (let index = from; index < to; index++) {
    const code = data.charCodeAt(index);
    if (code < 0x20 || code === QUOTE || code === BACKSLASH) return false;
  }
  return true;
}

function decodeLiteral(literal: string): string | undefined {
  try {
    const value: unknown = JSON.parse(literal);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The varying field's literal located in `data` and proven with the probe; undefined when no
 * occurrence of the field's key passes (an unusual layout simply stays on the full parse).
 */
function findTemplate(data: string, field: DeltaField): Template | undefined {
  const key = `"${field}"`;
  for (let found = data.indexOf(key), tries = 0; found !== -1 && tries < 3; tries++) {
    const start = literalStart(data, found + key.length);
    const end = start === -1 ? -1 : literalEnd(data, start);
    if (end !== -1) {
      const prefix = data.slice(0, start);
      const suffix = data.slice(end);
      if (proves(prefix, suffix, field))
        return { prefix, suffix, kind: field === 'content' ? 'text' : 'reasoning' };
    }
    found = data.indexOf(key, found + 1);
  }
  return undefined;
}

/** Where the string literal after `"key"` (then optional whitespace, `:`, whitespace) opens; -1 if none. */
function literalStart(data: string, position: number): number {
  let index = skipWhitespace(data, position);
  if (data.charCodeAt(index) !== 0x3a) return -1;
  index = skipWhitespace(data, index + 1);
  return data.charCodeAt(index) === QUOTE ? index : -1;
}

function skipWhitespace(data: string, position: number): number {
  let index = position;
  for (;;) {
    const code = data.charCodeAt(index);
    if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return index;
    index++;
  }
}

/** Just past the closing quote of the string literal opening at `start`; -1 if it does not close. */
function literalEnd(data: string, start: number): number {
  for (let index = start + 1; index < data.length; index++) {
    const code = data.charCodeAt(index);
    if (code === QUOTE) return index + 1;
    if (code === BACKSLASH) index++;
  }
  return -1;
}

function proves(prefix: string, suffix: string, field: DeltaField): boolean {
  let probed: unknown;
  try {
    probed = JSON.parse(prefix + PROBE_LITERAL + suffix);
  } catch {
    return false;
  }
  if (!isRecord(probed) || plainDeltaField(probed as OpenAIChatChunk) !== field) return false;
  const delta = (probed as OpenAIChatChunk).choices?.[0]?.delta as Record<string, unknown> | undefined;
  return delta?.[field] === PROBE;
}

/**
 * The field a chunk's only delta text is in, if the chunk carries nothing else the stream
 * translator acts on: no error, no usage, one choice at index 0 without finish_reason, and
 * a delta with no tool calls, refusal or reasoning_details, whose reasoning and text (as
 * readMessageParts reads them) are that one field's string and an empty string. Mirrors
 * parseChunkData's error test and createStreamTranslator's push; a change there that reads
 * another field of a chunk must be made here too (the differential tests compare them).
 */
export function plainDeltaField(chunk: OpenAIChatChunk): DeltaField | undefined {
  const record = chunk as Record<string, unknown>;
  if ((record.error !== undefined && record.error !== null) || record.object === 'error') return undefined;
  if (chunk.usage ?? chunk.x_groq?.usage) return undefined;
  const choices = chunk.choices;
  if (!Array.isArray(choices) || choices.length !== 1) return undefined;
  const choice: unknown = choices[0];
  if (!isRecord(choice) || (choice.index !== undefined && choice.index !== 0) || choice.finish_reason) {
    return undefined;
  }
  const delta = choice.delta;
  if (!isRecord(delta)) return undefined;
  if (Array.isArray(delta.reasoning_details) && delta.reasoning_details.length > 0) return undefined;
  if (typeof delta.refusal === 'string' && delta.refusal.length > 0) return undefined;
  const toolCalls = delta.tool_calls as { length?: number } | null | undefined;
  if (toolCalls && (toolCalls.length ?? 0) > 0) return undefined;
  const { content, reasoning_content: reasoningContent, reasoning } = delta;
  const contentEmpty = content === undefined || content === null || content === '';
  const reasoningContentEmpty = !(typeof reasoningContent === 'string' && reasoningContent.length > 0);
  const reasoningEmpty = !(typeof reasoning === 'string' && reasoning.length > 0);
  if (typeof content === 'string' && reasoningContentEmpty && reasoningEmpty) return 'content';
  if (typeof reasoningContent === 'string' && contentEmpty && reasoningEmpty) return 'reasoning_content';
  if (typeof reasoning === 'string' && contentEmpty && reasoningContentEmpty) return 'reasoning';
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
