/**
 * The serialised JSON of long-lived values the request path sends again and again (a
 * conversation's converted tool list, two thirds of a Claude Code turn), kept beside the
 * value so a body that holds it is serialised without walking it again. A value is frozen,
 * deeply, before its text is kept, so the text can never fall out of step with it.
 */
const knownJson = new WeakMap<object, string>();

/** Freezes `value` deeply and keeps its JSON; returns the value. */
export function rememberJson<Value extends object>(value: Value): Value {
  freezeDeeply(value);
  knownJson.set(value, JSON.stringify(value));
  return value;
}

/** The JSON of a value passed to rememberJson, else undefined. */
export function knownJsonOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null ? knownJson.get(value) : undefined;
}

/**
 * JSON.stringify(body), byte for byte, with the known text of any top-level value taken as
 * it is instead of serialised again. `body` must be a plain object of JSON values (no
 * toJSON, no symbol keys), as request bodies are: each member is then written as
 * JSON.stringify writes it, in the same order, skipping undefined as it does.
 */
export function stringifyBody(body: Record<string, unknown> | object): string {
  const members = body as Record<string, unknown>;
  let known = false;
  for (const key in members) {
    if (knownJsonOf(members[key]) !== undefined) {
      known = true;
      break;
    }
  }
  if (!known) return JSON.stringify(body);
  let text = '';
  for (const key of Object.keys(members)) {
    const value = members[key];
    const json = knownJsonOf(value) ?? JSON.stringify(value);
    if (json === undefined) continue;
    text += `${text === '' ? '{' : ','}${JSON.stringify(key)}:${json}`;
  }
  return text === '' ? '{}' : `${text}}`;
}

/** Object.freeze over a value and everything in it. */
export function freezeDeeply(value: object): void {
  Object.freeze(value);
  for (const key of Object.keys(value)) {
    const child: unknown = (value as Record<string, unknown>)[key];
    if (typeof child === 'object' && child !== null) freezeDeeply(child);
  }
}
