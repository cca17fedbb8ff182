import type { Dialect } from '../dialects/dialect.js';
import type { OpenAIUserPart } from '../wire/openai.js';

/**
 * Replaces image parts a backend cannot take with a short note, so the model knows an
 * image was there and the request is not refused: every image for a text-only backend,
 * or for a text-only model of a backend that serves both kinds; image URLs for a backend
 * that takes inline images only (the server downloads URLs before translation, so this is
 * the fallback when that did not happen). `vision`, when the model's facts say, decides
 * whether the model sees images at all (a text-only model a local server published).
 */
export function applyImagePolicy(
  parts: OpenAIUserPart[],
  dialect: Pick<Dialect, 'images' | 'imageModels' | 'label'>,
  warnings: string[],
  model?: string,
  vision?: boolean,
): OpenAIUserPart[] {
  const seesImages =
    vision ?? (model === undefined || dialect.imageModels === undefined || dialect.imageModels.test(model));
  if (dialect.images === 'any' && seesImages) return parts;
  // A backend that reads no images at all is named; otherwise the model that does not.
  const refuser = seesImages || dialect.images === 'none' ? dialect.label : model;
  return parts.map((part) => {
    if (part.type !== 'image_url') return part;
    if (seesImages && dialect.images === 'data-only' && part.image_url.url.startsWith('data:')) return part;
    const where = part.image_url.url.startsWith('data:') ? 'an inline image' : part.image_url.url;
    warnings.push(`replaced ${where} with a note: ${refuser} does not take it`);
    return { type: 'text', text: `[image not shown: ${refuser} does not accept this image]` };
  });
}
