// The four panes of one exchange: what the client sent, what each attempt sent the backend,
// what the backend answered, and what the client received.

import { element, renderBody, renderJson, renderText } from './json-view.js';

/**
 * Raw pieces joined back into SSE events, each timed by the piece that completed it, so a
 * stream written one byte at a time reads as events and not as a thousand fragments.
 * @param {{ atMs: number, text: string }[]} frames
 */
export function groupEvents(frames) {
  /** @type {{ atMs: number, text: string }[]} */
  const events = [];
  let buffer = '';
  for (const frame of frames) {
    buffer += frame.text.replace(/\r\n?/g, '\n');
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const text = buffer.slice(0, end);
      if (text.trim()) events.push({ atMs: frame.atMs, text });
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
    }
  }
  if (buffer.trim()) events.push({ atMs: frames.at(-1)?.atMs ?? 0, text: buffer });
  return events;
}

/**
 * @param {{ frames: { atMs: number, text: string }[], truncated: boolean, droppedFrames: number, droppedChars: number }} captured
 * @param {string} what
 */
export function renderFrames(captured, what) {
  const box = element('div', 'frames');
  const events = groupEvents(captured.frames);
  box.append(
    element(
      'p',
      'muted',
      `${events.length} ${what}, ${captured.frames.length} pieces as they arrived; times from the client's request`,
    ),
  );
  const list = element('ol', 'frame-list');
  for (const event of events) {
    const item = element('li', 'frame');
    item.append(element('span', 'frame-time', `+${event.atMs.toFixed(1)} ms`));
    const data = readData(event.text);
    const head = event.text
      .split('\n')
      .filter((line) => !line.startsWith('data:'))
      .join(' ');
    if (data !== undefined) {
      if (head) item.append(element('span', 'frame-event', head.replace(/^event: /, '')));
      item.append(renderJson(data.value, 1, data.text));
    } else {
      item.append(renderText(event.text));
    }
    list.append(item);
  }
  box.append(list);
  if (captured.truncated) {
    box.append(
      element(
        'p',
        'notice',
        `Cut to the inspector's size limit: ${captured.droppedFrames} more pieces (${captured.droppedChars.toLocaleString()} characters) not kept.`,
      ),
    );
  }
  return box;
}

/** @param {string} text */
function readData(text) {
  const lines = text.split('\n').filter((line) => line.startsWith('data:'));
  if (lines.length === 0) return undefined;
  const data = lines.map((line) => line.slice(5).trimStart()).join('\n');
  try {
    return { value: JSON.parse(data), text: data };
  } catch {
    return undefined;
  }
}

/**
 * @param {any} attempt
 * @param {number} index
 * @param {number} count
 * @param {[string, string | null][]} actions button labels and the text each copies
 * @param {(text: string) => void} copy
 */
function attemptHeading(attempt, index, count, actions, copy) {
  const outcome =
    attempt.outcome === 'ok' ? 'ok' : `${attempt.outcome}${attempt.status ? ` ${attempt.status}` : ''}`;
  const label = `Attempt ${index + 1} of ${count}: ${attempt.provider} / ${attempt.model} → ${outcome} (+${attempt.startedAtMs} ms)`;
  const heading = element('div', attempt.outcome === 'ok' ? 'attempt ok' : 'attempt failed');
  heading.append(element('h4', '', label));
  for (const [name, text] of actions) {
    if (!text) continue;
    const button = element('button', 'small', name);
    button.type = 'button';
    button.addEventListener('click', () => copy(text));
    heading.append(button);
  }
  return heading;
}

/**
 * Fills the four panes; returns the text each pane's Copy button copies (for the backend
 * panes, the last attempt's; each attempt also has buttons of its own).
 * @param {any} record
 * @param {(text: string) => void} copy
 */
export function renderPanes(record, copy) {
  const copies = { 'client-request': '', 'backend-request': '', 'backend-answer': '', 'client-answer': '' };
  const clientRequest = paneBody('pane-client-request');
  const headers = Object.entries(record.clientHeaders ?? {});
  if (headers.length > 0) {
    const list = element('dl', 'headers');
    for (const [name, value] of headers)
      list.append(element('dt', '', name), element('dd', '', String(value)));
    clientRequest.append(list);
  }
  clientRequest.append(record.clientRequest ? renderBody(record.clientRequest) : pending(record));
  copies['client-request'] = record.clientRequest?.text ?? '';

  const backendRequest = paneBody('pane-backend-request');
  const backendAnswer = paneBody('pane-backend-answer');
  const attempts = record.attemptDetails ?? [];
  if (attempts.length === 0) {
    backendRequest.append(pending(record, 'No backend was called.'));
    backendAnswer.append(pending(record, 'No backend was called.'));
  }
  attempts.forEach((/** @type {any} */ attempt, /** @type {number} */ index) => {
    const requestActions = /** @type {[string, string | null][]} */ ([
      ['Copy', attempt.request?.text ?? null],
      ['Copy as curl', attempt.curl],
    ]);
    backendRequest.append(
      attemptHeading(attempt, index, attempts.length, requestActions, copy),
      element('p', 'url', `POST ${attempt.url}`),
    );
    backendRequest.append(
      attempt.request ? renderBody(attempt.request) : element('p', 'muted', 'Failed before a body was sent.'),
    );
    backendAnswer.append(
      attemptHeading(attempt, index, attempts.length, [['Copy', answerText(attempt)]], copy),
    );
    if (attempt.error) backendAnswer.append(element('p', 'error-line', attempt.error));
    if (attempt.frames) backendAnswer.append(renderFrames(attempt.frames, 'SSE events'));
    else if (attempt.answer) backendAnswer.append(renderBody(attempt.answer));
    else if (!attempt.error) backendAnswer.append(element('p', 'muted', 'No answer body.'));
  });
  const last = attempts.at(-1);
  copies['backend-request'] = last?.request?.text ?? '';
  copies['backend-answer'] = last ? answerText(last) : '';

  const clientAnswer = paneBody('pane-client-answer');
  if (record.clientFrames) clientAnswer.append(renderFrames(record.clientFrames, 'Anthropic events'));
  else if (record.clientAnswer) clientAnswer.append(renderBody(record.clientAnswer));
  else clientAnswer.append(pending(record));
  copies['client-answer'] = record.clientFrames
    ? record.clientFrames.frames.map((/** @type {any} */ f) => f.text).join('')
    : (record.clientAnswer?.text ?? '');
  return copies;
}

/** @param {any} attempt */
function answerText(attempt) {
  if (attempt.frames) return attempt.frames.frames.map((/** @type {any} */ frame) => frame.text).join('');
  return attempt.answer?.text ?? attempt.error ?? '';
}

/** @param {string} id */
function paneBody(id) {
  const body = document.querySelector(`#${id} .pane-body`);
  if (!(body instanceof HTMLElement)) throw new Error(`missing pane ${id}`);
  body.replaceChildren();
  return body;
}

/**
 * @param {any} record
 * @param {string} [otherwise]
 */
function pending(record, otherwise = 'Nothing here.') {
  return element(
    'p',
    'muted',
    record.done ? otherwise : 'In flight: the bodies show once the answer is over.',
  );
}
