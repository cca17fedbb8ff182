import { InvalidRequestError } from '../errors.js';

export interface PageParams {
  limit: number;
  after_id?: string | undefined;
  before_id?: string | undefined;
}

/** Anthropic's list envelope. */
export interface Page<Item> {
  data: Item[];
  has_more: boolean;
  first_id: string | null;
  last_id: string | null;
}

/**
 * Cursor pagination as Anthropic's list endpoints do it: after_id pages forward, before_id
 * pages backward (has_more then says whether there is more before the page).
 */
export function paginateById<Item extends { id: string }>(
  items: readonly Item[],
  params: PageParams,
): Page<Item> {
  let start: number;
  let end: number;
  let hasMore: boolean;
  if (params.before_id !== undefined) {
    end = indexOf(items, params.before_id, 'before_id');
    start = Math.max(0, end - params.limit);
    hasMore = start > 0;
  } else {
    start = params.after_id === undefined ? 0 : indexOf(items, params.after_id, 'after_id') + 1;
    end = Math.min(items.length, start + params.limit);
    hasMore = end < items.length;
  }
  const data = items.slice(start, end);
  return { data, has_more: hasMore, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}

function indexOf(items: readonly { id: string }[], id: string, parameter: string): number {
  const index = items.findIndex((item) => item.id === id);
  if (index === -1) throw new InvalidRequestError(`${parameter}: no item with id "${id}" in this list`);
  return index;
}
