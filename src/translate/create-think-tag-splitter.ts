import type { ThinkTagMode } from '../dialects/dialect.js';
import type { Mutable } from '../mutable.js';
import { assertNever } from './convert-user-content.js';

/** A piece of the backend's answer text, sorted into reasoning or the answer proper. */
export interface ThinkTagPart {
  kind: 'thinking' | 'text';
  text: string;
}

export interface ThinkTagSplitter {
  /** Sorts the next piece of answer text; text that may still turn out to be part of a tag is held back. */
  push(text: string): ThinkTagPart[];
  /**
   * No more text belongs to the start of the answer (it ended, a tool call or a reasoning
   * field arrived): releases what was held back; later pushes pass through as answer text.
   */
  finish(): ThinkTagPart[];
  /** True once every later piece is answer text as it is, so a caller may skip the splitter. */
  readonly passthrough: boolean;
}

const OPEN_TAG = '<think>';
const CLOSE_TAG = '</think>';

type Phase =
  /** Only whitespace and a prefix of `<think>` so far, held back until they decide the answer's kind. */
  | 'start'
  /** Inside the reasoning: trailing whitespace and a prefix of `</think>` are held back. */
  | 'thinking'
  /** Just after `</think>`: whitespace is dropped until the answer's first visible character. */
  | 'after'
  /** Everything from here on is answer text. */
  | 'text';

/**
 * Splits reasoning written as `<think>…</think>` out of the answer text of servers that
 * stream a model's raw output (Ollama, llama.cpp, vLLM or SGLang without a reasoning
 * parser, LM Studio), piece by piece as it streams, with tags cut anywhere.
 *
 * Only the start of the answer counts: `<think>` after leading whitespace opens the
 * reasoning; anything else makes the whole answer text, so a `<think>` in the middle of
 * prose (or code about such tags) stays text. Whitespace around the reasoning and before
 * the answer is dropped, as the tags' line breaks are layout, not content.
 *
 * A missing opening tag (a chat template that writes `<think>` into the prompt, as
 * DeepSeek-R1's and QwQ's do) cannot be recognised while streaming: `</think>` may come
 * thousands of tokens later, and text already sent cannot be taken back. Guessing would
 * mean holding back every answer until it ends, or streaming every answer as reasoning
 * and losing the text of models that do not think. So in `on` mode such reasoning stays
 * text; mode `open` (THINK_TAGS=open) is the user saying their template opens the tag, and
 * then the answer starts as reasoning unless it starts with `<think>` itself. An answer
 * that never closes the tag in `open` mode is all reasoning: the cost of choosing it for a
 * model that sometimes skips thinking. Non-streamed answers follow the same rule, so both
 * paths give the same blocks.
 *
 * Cost: nothing is held back but a possible tag prefix (at most 7 characters) and the
 * whitespace before it; each character is looked at about once, as only the held-back
 * suffix (never the whole answer) is searched again. Once the answer is decided to be
 * text, `passthrough` lets the caller stop calling in.
 */
export function createThinkTagSplitter(mode: Exclude<ThinkTagMode, 'off'>): ThinkTagSplitter {
  let phase: Phase = 'start';
  /** Text held back, see Phase. */
  let held = '';
  /** How many characters of `<think>` the start of the answer has matched. */
  let openMatched = 0;
  /** True until the reasoning's first visible character: whitespace after `<think>` is dropped. */
  let leadingReasoning = true;

  /** The answer is text from here on; `passthrough` says so (a data property: see Mutable). */
  function enterText(): void {
    phase = 'text';
    splitter.passthrough = true;
  }

  function atStart(text: string, parts: ThinkTagPart[]): void {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (openMatched === 0 && isSpace(code)) continue;
      if (code === OPEN_TAG.charCodeAt(openMatched)) {
        openMatched++;
        if (openMatched === OPEN_TAG.length) {
          held = '';
          phase = 'thinking';
          inReasoning(text.slice(i + 1), parts);
          return;
        }
        continue;
      }
      // Not `<think>`: plain text, or (open mode) the reasoning itself, held-back start included.
      const whole = held + text;
      held = '';
      if (mode === 'open') {
        phase = 'thinking';
        inReasoning(whole, parts);
      } else {
        enterText();
        parts.push({ kind: 'text', text: whole });
      }
      return;
    }
    held += text;
  }

  function inReasoning(text: string, parts: ThinkTagPart[]): void {
    let piece = text;
    if (leadingReasoning) {
      const first = skipSpace(piece);
      if (first === piece.length) return;
      leadingReasoning = false;
      if (first > 0) piece = piece.slice(first);
    }
    const heldLength = held.length;
    const combined = heldLength === 0 ? piece : held + piece;
    // A tag starting further back lay wholly in an earlier piece and would have been found then.
    const close = combined.indexOf(CLOSE_TAG, Math.max(0, heldLength - CLOSE_TAG.length + 1));
    if (close >= 0) {
      const end = trimmedEnd(combined, close);
      if (end > 0) parts.push({ kind: 'thinking', text: combined.slice(0, end) });
      held = '';
      phase = 'after';
      afterReasoning(combined.slice(close + CLOSE_TAG.length), parts);
      return;
    }
    const keep = heldBackStart(combined);
    if (keep > 0) parts.push({ kind: 'thinking', text: combined.slice(0, keep) });
    held = keep === 0 ? combined : combined.slice(keep);
  }

  function afterReasoning(text: string, parts: ThinkTagPart[]): void {
    const first = skipSpace(text);
    if (first === text.length) return;
    enterText();
    parts.push({ kind: 'text', text: first === 0 ? text : text.slice(first) });
  }

  const splitter: Mutable<ThinkTagSplitter> = {
    passthrough: false,

    push(text) {
      const parts: ThinkTagPart[] = [];
      if (text.length === 0) return parts;
      switch (phase) {
        case 'start':
          atStart(text, parts);
          break;
        case 'thinking':
          inReasoning(text, parts);
          break;
        case 'after':
          afterReasoning(text, parts);
          break;
        case 'text':
          parts.push({ kind: 'text', text });
          break;
        default:
          assertNever(phase);
      }
      return parts;
    },

    finish() {
      const parts: ThinkTagPart[] = [];
      if (phase === 'start' && held.length > 0) {
        // An answer that ended before deciding: whitespace and a cut-off `<think`.
        if (mode === 'on') parts.push({ kind: 'text', text: held });
        else if (openMatched > 0) parts.push({ kind: 'thinking', text: held.slice(skipSpace(held)) });
      } else if (phase === 'thinking' && trimmedEnd(held, held.length) > 0) {
        // Reasoning cut off inside what looked like `</think>`: those characters were reasoning.
        parts.push({ kind: 'thinking', text: held });
      }
      held = '';
      enterText();
      return parts;
    },
  };
  return splitter;
}

/** Space, tab, line feed and carriage return: what models put around their tags. */
function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** Index of the first character that is not whitespace, or the length. */
function skipSpace(text: string): number {
  let index = 0;
  while (index < text.length && isSpace(text.charCodeAt(index))) index++;
  return index;
}

/** `end` moved back over the whitespace before it. */
function trimmedEnd(text: string, end: number): number {
  let index = end;
  while (index > 0 && isSpace(text.charCodeAt(index - 1))) index--;
  return index;
}

/** Where the suffix to hold back starts: a prefix of `</think>` at the very end, and the whitespace before it. */
function heldBackStart(text: string): number {
  return trimmedEnd(text, text.length - closeTagPrefixLength(text));
}

/** Length of the longest proper prefix of `</think>` that `text` ends with. */
function closeTagPrefixLength(text: string): number {
  next: for (let length = Math.min(CLOSE_TAG.length - 1, text.length); length > 0; length--) {
    const offset = text.length - length;
    for (let i = 0; i < length; i++)
      if (text.charCodeAt(offset + i) !== CLOSE_TAG.charCodeAt(i)) continue next;
    return length;
  }
  return 0;
}
