// Collapsible JSON built with DOM nodes and textContent only: nothing from a body is ever
// parsed as HTML. Long strings and base64 payloads start folded so a Claude Code request
// (a long system prompt, dozens of tools, screenshots) stays readable.

const LONG_STRING = 240;
const PREVIEW = 120;
const BASE64 = /^(data:[\w/+.-]+;base64,)?[A-Za-z0-9+/\r\n]+={0,2}$/;
/** Deeper containers, and big ones, start closed. */
const OPEN_DEPTH = 2;
const OPEN_MAX_ENTRIES = 40;

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {string} [className]
 * @param {string} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * A body shown as JSON when it parses, as text otherwise (a truncated body, an error page).
 * @param {{ text: string, truncated: boolean, length: number } | null} body
 */
export function renderBody(body) {
  if (!body) return element('p', 'muted', 'Nothing here.');
  const wrapper = element('div', 'body');
  if (body.truncated) {
    wrapper.append(
      element(
        'p',
        'notice',
        `Cut to the inspector's size limit: ${body.length.toLocaleString()} characters in all.`,
      ),
    );
  }
  try {
    if (body.truncated) throw new Error('not whole');
    wrapper.append(renderJson(JSON.parse(body.text)));
  } catch {
    wrapper.append(renderText(body.text));
  }
  return wrapper;
}

/** @param {string} text */
export function renderText(text) {
  const pre = element('pre', 'raw');
  if (text.length <= 4 * LONG_STRING) {
    pre.textContent = text;
    return pre;
  }
  pre.textContent = `${text.slice(0, 4 * LONG_STRING)}…`;
  const more = element('button', 'link fold', `show all ${text.length.toLocaleString()} characters`);
  more.type = 'button';
  more.addEventListener('click', () => {
    pre.textContent = text;
  });
  const box = element('div');
  box.append(pre, more);
  return box;
}

/**
 * @param {unknown} value
 * @param {number} [depth]
 * @param {string} [preview] shown instead of the key count while the node is closed
 * @returns {HTMLElement}
 */
export function renderJson(value, depth = 0, preview = undefined) {
  if (value === null) return element('span', 'j-null', 'null');
  if (typeof value === 'string') return renderString(value);
  if (typeof value === 'number') return element('span', 'j-number', String(value));
  if (typeof value === 'boolean') return element('span', 'j-bool', String(value));
  const isArray = Array.isArray(value);
  const entries = isArray
    ? value.map((item, index) => [String(index), item])
    : Object.entries(/** @type {object} */ (value));
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return element('span', 'j-punct', `${open}${close}`);

  const details = element('details', 'j-node');
  details.open = depth < OPEN_DEPTH && entries.length <= OPEN_MAX_ENTRIES;
  const summary = element('summary', 'j-summary');
  if (preview !== undefined) {
    details.open = false;
    summary.append(
      element('span', 'j-preview', preview.length > 160 ? `${preview.slice(0, 160)}…` : preview),
    );
  } else {
    summary.append(
      element('span', 'j-punct', open),
      element('span', 'j-count', isArray ? ` ${entries.length} items ` : ` ${entries.length} keys `),
      element('span', 'j-punct', close),
    );
  }
  details.append(summary);
  const list = element('div', 'j-entries');
  // Children are built when first opened, so a closed 500-message history costs nothing.
  const fill = () => {
    if (list.childElementCount > 0) return;
    for (const [key, item] of entries) {
      const row = element('div', 'j-entry');
      row.append(
        element('span', isArray ? 'j-index' : 'j-key', isArray ? `${key}` : `"${key}"`),
        element('span', 'j-punct', ': '),
      );
      row.append(renderJson(item, depth + 1));
      list.append(row);
    }
  };
  if (details.open) fill();
  details.addEventListener('toggle', () => {
    if (details.open) fill();
  });
  details.append(list);
  return details;
}

/** @param {string} text */
function renderString(text) {
  const span = element('span', 'j-string');
  const compact = text.length > 100 && BASE64.test(text.slice(0, 4096));
  if (!compact && text.length <= LONG_STRING) {
    span.textContent = JSON.stringify(text);
    return span;
  }
  const folded = compact
    ? `"${text.slice(0, 32)}…" (base64, ${text.length.toLocaleString()} characters)`
    : `${JSON.stringify(text.slice(0, PREVIEW))}… (${text.length.toLocaleString()} characters)`;
  span.textContent = folded;
  span.classList.add('folded');
  span.title = 'Click to unfold';
  span.tabIndex = 0;
  const toggle = () => {
    const unfolded = span.classList.toggle('unfolded');
    span.textContent = unfolded ? JSON.stringify(text) : folded;
  };
  span.addEventListener('click', toggle);
  span.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') toggle();
  });
  return span;
}
