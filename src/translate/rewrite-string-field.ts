const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The JSON text with the string value at `path` (object keys from the root, e.g.
 * `['message', 'model']`) replaced by `value`, every other byte left as it was; undefined
 * when the text has no string at that path. A single scan that tracks strings and nesting,
 * so a `"model"` key inside a tool's input or inside a string never matches: only the key
 * at the given depth of the given objects does.
 */
export function rewriteStringField(text: string, path: readonly string[], value: string): string | undefined {
  /** Per open container: '{' or '[', and the last key read in it (objects). */
  const containers: number[] = [];
  const keys: (string | undefined)[] = [];
  let expectKey = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      const end = endOfString(text, index);
      if (end < 0) return undefined;
      const inObject = containers.at(-1) === 0x7b;
      if (expectKey && inObject) {
        keys[containers.length - 1] = JSON.parse(text.slice(index, end)) as string;
        expectKey = false;
      } else if (inObject && atPath(containers, keys, path)) {
        return text.slice(0, index) + JSON.stringify(value) + text.slice(end);
      }
      index = end - 1;
      continue;
    }
    switch (code) {
      case 0x7b: // {
        containers.push(code);
        keys.push(undefined);
        expectKey = true;
        break;
      case 0x5b: // [
        containers.push(code);
        keys.push(undefined);
        expectKey = false;
        break;
      case 0x7d: // }
      case 0x5d: // ]
        containers.pop();
        keys.pop();
        expectKey = false;
        break;
      case 0x2c: // ,
        expectKey = containers.at(-1) === 0x7b;
        break;
      default:
        break;
    }
  }
  return undefined;
}

function atPath(
  containers: readonly number[],
  keys: readonly (string | undefined)[],
  path: readonly string[],
): boolean {
  if (containers.length !== path.length) return false;
  for (let depth = 0; depth < path.length; depth++) {
    if (containers[depth] !== 0x7b || keys[depth] !== path[depth]) return false;
  }
  return true;
}

/** Index just past the closing quote of the string that opens at `start`, or -1 if it never closes. */
function endOfString(text: string, start: number): number {
  for (let index = start + 1; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === BACKSLASH) index++;
    else if (code === QUOTE) return index + 1;
  }
  return -1;
}
