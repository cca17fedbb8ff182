import { UnsupportedInputError } from '../errors.js';
import type { AnthropicContentBlock, AnthropicNestedBlock } from '../wire/anthropic-request-schema.js';
import type { OpenAICacheControl, OpenAIImagePart, OpenAITextPart, OpenAIUserPart } from '../wire/openai.js';

type UserBlock = AnthropicContentBlock | AnthropicNestedBlock;

/**
 * Converts the non-tool blocks of a user turn into Chat Completions content parts.
 * Blocks with no OpenAI equivalent are dropped with a warning; blocks that carry data
 * the backend needs but cannot be sent (a file id) are a 400 so nothing is lost silently.
 */
export function convertUserContent(
  blocks: readonly UserBlock[],
  warnings: string[],
  options: UserContentOptions = {},
): OpenAIUserPart[] {
  const parts: OpenAIUserPart[] = [];
  for (const block of blocks) appendUserBlock(block, parts, warnings, options);
  return parts;
}

export interface UserContentOptions {
  /** Pass the client's cache breakpoints on with text and image parts (the dialect's cacheControlModels). */
  keepCacheControl?: boolean | undefined;
}

function appendUserBlock(
  block: UserBlock,
  parts: OpenAIUserPart[],
  warnings: string[],
  options: UserContentOptions = {},
): void {
  switch (block.type) {
    case 'text':
      if (block.text.length > 0)
        parts.push(withCacheControl({ type: 'text', text: block.text }, block.cache_control, options));
      return;
    case 'image':
      parts.push(withCacheControl(convertImage(block.source), block.cache_control, options));
      return;
    case 'document':
      appendDocument(block, parts, warnings);
      return;
    case 'search_result':
      parts.push({ type: 'text', text: renderSearchResult(block) });
      return;
    case 'unsupported':
      warnings.push(`dropped a "${block.original_type}" block: the backend has no equivalent`);
      return;
    case 'tool_use':
    case 'tool_result':
    case 'thinking':
    case 'redacted_thinking':
      warnings.push(`dropped a "${block.type}" block found in a user turn`);
      return;
    default:
      assertNever(block);
  }
}

type ImageSource = Extract<UserBlock, { type: 'image' }>['source'];

export function convertImage(source: ImageSource): OpenAIImagePart {
  switch (source.type) {
    case 'base64':
      return { type: 'image_url', image_url: { url: `data:${source.media_type};base64,${source.data}` } };
    case 'url':
      return { type: 'image_url', image_url: { url: source.url } };
    case 'file':
      throw new UnsupportedInputError('An image with a "file" source (Files API id)');
    default:
      return assertNever(source);
  }
}

interface DocumentLike {
  source: unknown;
  title?: string | null | undefined;
  context?: string | null | undefined;
}

function appendDocument(document: DocumentLike, parts: OpenAIUserPart[], warnings: string[]): void {
  const source = document.source as {
    type?: unknown;
    media_type?: unknown;
    data?: unknown;
    content?: unknown;
  };
  const title = document.title?.trim() || undefined;
  switch (source.type) {
    case 'text':
      parts.push({ type: 'text', text: renderDocument(String(source.data ?? ''), title, document.context) });
      return;
    case 'content': {
      if (typeof source.content === 'string') {
        parts.push({ type: 'text', text: renderDocument(source.content, title, document.context) });
        return;
      }
      if (Array.isArray(source.content)) {
        for (const inner of source.content as UserBlock[]) appendUserBlock(inner, parts, warnings);
      }
      return;
    }
    case 'base64': {
      const mediaType = String(source.media_type ?? 'application/octet-stream');
      const data = String(source.data ?? '');
      if (mediaType.startsWith('text/')) {
        const text = Buffer.from(data, 'base64').toString('utf8');
        parts.push({ type: 'text', text: renderDocument(text, title, document.context) });
        return;
      }
      parts.push({
        type: 'file',
        file: { filename: title ?? 'document.pdf', file_data: `data:${mediaType};base64,${data}` },
      });
      return;
    }
    case 'url':
      throw new UnsupportedInputError('A document with a "url" source (send it as base64 or text)');
    case 'file':
      throw new UnsupportedInputError('A document with a "file" source (Files API id)');
    default:
      warnings.push('dropped a document block with an unknown source type');
  }
}

function renderDocument(text: string, title: string | undefined, context: string | null | undefined): string {
  const header = [title ? `Title: ${title}` : '', context ? `Context: ${context}` : '']
    .filter(Boolean)
    .join('\n');
  return header ? `<document>\n${header}\n\n${text}\n</document>` : `<document>\n${text}\n</document>`;
}

function renderSearchResult(block: Extract<UserBlock, { type: 'search_result' }>): string {
  const body = block.content.map((part) => part.text).join('\n');
  return `<search_result>\nTitle: ${block.title}\nSource: ${block.source}\n\n${body}\n</search_result>`;
}

/** Chat Completions content for a user turn: a plain string when it is text only, which every backend takes. */
/** Plain text when the parts are all text; parts when one is not, or carries a cache breakpoint. */
export function toUserMessageContent(parts: readonly OpenAIUserPart[]): string | OpenAIUserPart[] {
  if (parts.every((part) => part.type === 'text' && part.cache_control === undefined))
    return parts.map((part) => (part.type === 'text' ? part.text : '')).join('\n\n');
  return [...parts];
}

/** The part with the block's cache breakpoint, when the backend is to get breakpoints at all. */
export function withCacheControl<Part extends OpenAITextPart | OpenAIImagePart>(
  part: Part,
  cacheControl: OpenAICacheControl | undefined,
  options: UserContentOptions,
): Part {
  // Only the breakpoint Anthropic's API defines goes on; anything else it would refuse anyway.
  if (!options.keepCacheControl || cacheControl?.type !== 'ephemeral') return part;
  const kept: OpenAICacheControl = { type: 'ephemeral' };
  if (cacheControl.ttl === '5m' || cacheControl.ttl === '1h') kept.ttl = cacheControl.ttl;
  return { ...part, cache_control: kept };
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
