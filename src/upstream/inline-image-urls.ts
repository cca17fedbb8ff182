import { InvalidRequestError } from '../errors.js';
import type {
  AnthropicContentBlock,
  AnthropicNestedBlock,
  AnthropicRequest,
} from '../wire/anthropic-request-schema.js';
import { Agent, asUndiciSignal, redirectInterceptor, type UpstreamSignal } from './undici.js';

/** Larger images are refused by every backend that takes inline images anyway. */
const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
const MAX_REDIRECTS = 3;
/** Downloads per request; more is refused rather than fetched all at once. */
const MAX_IMAGE_URLS = 20;

type ImageBlock = Extract<AnthropicContentBlock, { type: 'image' }>;
type Block = AnthropicContentBlock | AnthropicNestedBlock;

let downloader: Agent | undefined;

/**
 * Downloads the images a request gives by URL and puts them inline as base64, for backends
 * that take images only as data URLs (Ollama answers "invalid image input" to a URL). The
 * request is not modified: blocks that change are copied. A failed download is a 400 that
 * names the URL, since the model would otherwise answer about an image it never saw.
 */
export async function inlineImageUrls(
  request: AnthropicRequest,
  options: { timeoutMs: number; signal?: UpstreamSignal },
): Promise<AnthropicRequest> {
  const urlImages: ImageBlock[] = [];
  for (const message of request.messages) {
    if (typeof message.content !== 'string') collectUrlImages(message.content, urlImages);
  }
  if (urlImages.length === 0) return request;
  if (urlImages.length > MAX_IMAGE_URLS) {
    throw new InvalidRequestError(
      `The request gives ${urlImages.length} images by URL; this backend takes images inline only, and the proxy downloads at most ${MAX_IMAGE_URLS} per request. Send the rest as base64.`,
    );
  }
  const inlined = new Map<ImageBlock, ImageBlock>();
  await Promise.all(
    urlImages.map(async (block) => {
      inlined.set(block, await downloadImage(block, options));
    }),
  );
  return {
    ...request,
    messages: request.messages.map((message) =>
      typeof message.content === 'string'
        ? message
        : { ...message, content: replaceImages(message.content, inlined) as AnthropicContentBlock[] },
    ),
  };
}

function collectUrlImages(blocks: readonly Block[], found: ImageBlock[]): void {
  for (const block of blocks) {
    if (block.type === 'image' && block.source.type === 'url') found.push(block as ImageBlock);
    else if (block.type === 'tool_result' && Array.isArray(block.content))
      collectUrlImages(block.content, found);
  }
}

function replaceImages(blocks: readonly Block[], inlined: ReadonlyMap<ImageBlock, ImageBlock>): Block[] {
  return blocks.map((block) => {
    if (block.type === 'image') return inlined.get(block as ImageBlock) ?? block;
    if (block.type === 'tool_result' && Array.isArray(block.content))
      return { ...block, content: replaceImages(block.content, inlined) as AnthropicNestedBlock[] };
    return block;
  });
}

async function downloadImage(
  block: ImageBlock,
  options: { timeoutMs: number; signal?: UpstreamSignal },
): Promise<ImageBlock> {
  if (block.source.type !== 'url') return block;
  const url = block.source.url;
  const fail = (reason: string) =>
    new InvalidRequestError(`Could not download the image at ${url}: ${reason}`);
  if (!/^https?:\/\//i.test(url)) throw fail('only http and https URLs can be fetched');
  downloader ??= new Agent().compose(redirectInterceptor({ maxRedirections: MAX_REDIRECTS })) as Agent;
  const target = new URL(url);
  let response: Awaited<ReturnType<Agent['request']>>;
  try {
    response = await downloader.request({
      origin: target.origin,
      path: `${target.pathname}${target.search}`,
      method: 'GET',
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      ...(options.signal ? { signal: asUndiciSignal(options.signal) } : {}),
    });
  } catch (cause) {
    throw fail((cause as Error).message);
  }
  const type = String(response.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim();
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw fail(`HTTP ${response.statusCode}`);
  }
  if (!type.startsWith('image/')) {
    await response.body.dump();
    throw fail(`the server sent ${type || 'no content type'}, not an image`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.length;
    if (size > MAX_IMAGE_BYTES) {
      response.body.destroy();
      throw fail(`larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB`);
    }
    chunks.push(chunk as Buffer);
  }
  return {
    ...block,
    source: { type: 'base64', media_type: type, data: Buffer.concat(chunks).toString('base64') },
  };
}
