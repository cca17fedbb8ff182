import type { AnthropicTool } from '../wire/anthropic-request-schema.js';
import { freezeDeeply } from './known-json.js';
import { sameJson } from './same-json.js';

/**
 * Tool lists each backend form was recently built from. Claude Code sends the same tools,
 * two thirds of its body, on every turn of a session: the converted list and its JSON are
 * built once and reused while the client's list is the same, compared in full (sameJson),
 * so a list differing in one character of one schema, or in order, is never mistaken for
 * another. A few lists per form cover the sessions and subagents of a gateway's clients;
 * the least recently used one goes first.
 */
const LISTS_PER_FORM = 8;
/**
 * The heaviest converted list kept, in characters of its JSON: Claude Code's tools are
 * ~60 KB; the bound keeps a client from parking lists of tens of megabytes in memory.
 */
const HEAVIEST_KEPT = 2_000_000;

interface RememberedList<Converted> {
  /** The client's list as first seen, frozen. */
  source: readonly AnthropicTool[];
  converted: Converted;
}

const listsByForm = new WeakMap<object, RememberedList<unknown>[]>();

/**
 * The converted form of `tools`: remembered when `form` (an object that stands for
 * everything the conversion depends on besides the tools, e.g. the dialect) saw the same
 * list recently, else built by `convert` from the list, both frozen.
 * `convert` must depend on nothing but the list and what `form` stands for; it can keep the
 * JSON of the parts a body will hold with rememberJson.
 */
export function rememberToolList<Converted extends object>(
  form: object,
  tools: readonly AnthropicTool[],
  convert: (tools: readonly AnthropicTool[]) => Converted,
  /** The size of a converted list in characters of JSON, to leave out the heavy ones. */
  weigh: (converted: Converted) => number,
): Converted {
  let lists = listsByForm.get(form) as RememberedList<Converted>[] | undefined;
  if (!lists) {
    lists = [];
    listsByForm.set(form, lists);
  }
  for (let index = 0; index < lists.length; index++) {
    const list = lists[index]!;
    if (!sameJson(list.source, tools)) continue;
    if (index > 0) {
      lists.splice(index, 1);
      lists.unshift(list);
    }
    return list.converted;
  }
  // Frozen in place rather than copied: a request's parsed body is read-only, and the next
  // turn's list, when the JSON parser reused its parsed tools (parse-request-json.ts), shares
  // every schema and string with this one, which makes the comparison above cheap.
  freezeDeeply(tools);
  const converted = convert(tools);
  freezeDeeply(converted);
  if (weigh(converted) > HEAVIEST_KEPT) return converted;
  lists.unshift({ source: tools, converted });
  if (lists.length > LISTS_PER_FORM) lists.length = LISTS_PER_FORM;
  return converted;
}
