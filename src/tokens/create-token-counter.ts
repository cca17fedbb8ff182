import { assertNever } from '../translate/convert-user-content.js';
import type {
  AnthropicContentBlock,
  AnthropicCountTokensRequest,
  AnthropicMessage,
  AnthropicNestedBlock,
  AnthropicTool,
} from '../wire/anthropic-request-schema.js';
import { countTextTokens } from './count-text-tokens.js';
import { estimateImageTokens, UNKNOWN_IMAGE_TOKENS } from './estimate-image-tokens.js';
import { parseImageSize } from './parse-image-size.js';

/**
 * Fixed costs for the structure around the text, in the spirit of chat templates: role
 * markers per message, wrapping per tool call, result and document, the schema wrapper per
 * tool definition, and the tool-use system prompt Anthropic adds whenever tools are present
 * (346 tokens, 313 when tool_choice forces a tool, as documented for Claude 4 models).
 */
export const TOKEN_OVERHEAD = {
  request: 3,
  system: 4,
  message: 4,
  block: 3,
  tool: 8,
  toolPrompt: 346,
  forcedToolPrompt: 313,
} as const;

/** A PDF counts this many tokens per page (Anthropic quotes 1,500–3,000 per page). */
export const PDF_PAGE_TOKENS = 1500;
/** Pages of a PDF whose page objects are compressed and cannot be counted: one per started 100 KB. */
const PDF_BYTES_PER_PAGE = 100_000;
/** Documents the proxy cannot read (URL or file id) count as one page. */
const UNREADABLE_DOCUMENT_TOKENS = PDF_PAGE_TOKENS;

const DEFAULT_TOOL_CACHE_SIZE = 512;

export interface TokenCounter {
  /** The input tokens of a Messages request: system, messages and tool definitions. */
  count(request: AnthropicCountTokensRequest): number;
  /** How many tool definitions are remembered right now. */
  cachedToolCount(): number;
}

export interface TokenCounterOptions {
  /** How many distinct tool definitions to remember (least recently used are dropped first). */
  toolCacheSize?: number;
}

type Block = AnthropicContentBlock | AnthropicNestedBlock;

/**
 * Creates a counter that remembers the cost of each tool definition it has seen: Claude Code
 * resends the same couple of dozen tools (about 60 KB of JSON) on every turn, so tokenizing
 * them once turns most of the work into a map lookup.
 */
export function createTokenCounter(options: TokenCounterOptions = {}): TokenCounter {
  const cacheSize = options.toolCacheSize ?? DEFAULT_TOOL_CACHE_SIZE;
  const toolTokens = new Map<string, number>();

  function countTool(tool: AnthropicTool): number {
    const key = JSON.stringify(tool);
    const cached = toolTokens.get(key);
    if (cached !== undefined) {
      // Re-inserting moves the entry to the back, so eviction drops the least recently used.
      toolTokens.delete(key);
      toolTokens.set(key, cached);
      return cached;
    }
    const tokens =
      TOKEN_OVERHEAD.tool +
      countTextTokens(tool.name) +
      countTextTokens(tool.description ?? '') +
      (tool.input_schema ? countTextTokens(JSON.stringify(tool.input_schema)) : 0);
    if (toolTokens.size >= cacheSize) toolTokens.delete(toolTokens.keys().next().value!);
    toolTokens.set(key, tokens);
    return tokens;
  }

  return {
    count(request) {
      let total = TOKEN_OVERHEAD.request + countSystem(request.system);
      for (const message of request.messages) total += countMessage(message);
      const tools = request.tools ?? [];
      if (tools.length > 0) {
        const forced = request.tool_choice?.type === 'any' || request.tool_choice?.type === 'tool';
        total += forced ? TOKEN_OVERHEAD.forcedToolPrompt : TOKEN_OVERHEAD.toolPrompt;
        for (const tool of tools) total += countTool(tool);
      }
      return total;
    },
    cachedToolCount: () => toolTokens.size,
  };
}

function countSystem(system: AnthropicCountTokensRequest['system']): number {
  if (system === undefined) return 0;
  if (typeof system === 'string')
    return system.length > 0 ? TOKEN_OVERHEAD.system + countTextTokens(system) : 0;
  let tokens = 0;
  for (const block of system) if (block.type === 'text') tokens += countTextTokens(block.text);
  return tokens > 0 ? TOKEN_OVERHEAD.system + tokens : 0;
}

function countMessage(message: AnthropicMessage): number {
  if (typeof message.content === 'string') return TOKEN_OVERHEAD.message + countTextTokens(message.content);
  let tokens = TOKEN_OVERHEAD.message;
  for (const block of message.content) tokens += countBlock(block);
  return tokens;
}

function countBlock(block: Block): number {
  switch (block.type) {
    case 'text':
      return countTextTokens(block.text);
    case 'image':
      return block.source.type === 'base64'
        ? estimateImageTokens(parseImageSize(block.source.data))
        : UNKNOWN_IMAGE_TOKENS;
    case 'document':
      return TOKEN_OVERHEAD.block + countDocument(block);
    case 'search_result':
      return (
        TOKEN_OVERHEAD.block +
        countTextTokens(block.title) +
        countTextTokens(block.source) +
        block.content.reduce((sum, part) => sum + countTextTokens(part.text), 0)
      );
    case 'tool_use':
      return (
        TOKEN_OVERHEAD.block +
        countTextTokens(block.name) +
        countTextTokens(JSON.stringify(block.input ?? {}))
      );
    case 'tool_result':
      return TOKEN_OVERHEAD.block + countToolResult(block.content);
    case 'thinking':
      return countTextTokens(block.thinking);
    case 'redacted_thinking':
    case 'unsupported':
      // Neither reaches the backend: redacted thinking is opaque, unknown blocks are dropped.
      return 0;
    default:
      return assertNever(block);
  }
}

function countToolResult(content: Extract<Block, { type: 'tool_result' }>['content']): number {
  if (content === undefined) return 0;
  if (typeof content === 'string') return countTextTokens(content);
  let tokens = 0;
  for (const block of content) tokens += countBlock(block);
  return tokens;
}

interface DocumentLike {
  source: unknown;
  title?: string | null | undefined;
  context?: string | null | undefined;
}

/** Text documents are tokenized; PDFs are estimated per page; documents by URL or file id count as one page. */
function countDocument(document: DocumentLike): number {
  const source = (document.source ?? {}) as {
    type?: unknown;
    media_type?: unknown;
    data?: unknown;
    content?: unknown;
  };
  const header = countTextTokens(document.title ?? '') + countTextTokens(document.context ?? '');
  switch (source.type) {
    case 'text':
      return header + countTextTokens(String(source.data ?? ''));
    case 'content':
      if (typeof source.content === 'string') return header + countTextTokens(source.content);
      if (!Array.isArray(source.content)) return header;
      return header + (source.content as Block[]).reduce((sum, inner) => sum + countBlock(inner), 0);
    case 'base64': {
      const bytes = Buffer.from(String(source.data ?? ''), 'base64');
      if (String(source.media_type ?? '').startsWith('text/'))
        return header + countTextTokens(bytes.toString('utf8'));
      return header + countPdfPages(bytes) * PDF_PAGE_TOKENS;
    }
    default:
      return header + UNREADABLE_DOCUMENT_TOKENS;
  }
}

/** Counts `/Type /Page` objects; PDFs that compress them into object streams fall back to their size. */
function countPdfPages(bytes: Buffer): number {
  const pages = bytes.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
  return pages > 0 ? pages : Math.max(1, Math.ceil(bytes.length / PDF_BYTES_PER_PAGE));
}
