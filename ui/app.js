// The inspector page: the table of recent exchanges kept up to date by the live feed,
// filters and body search, and the four panes of the exchange opened.

import { AccessError, followFeed, getExchange, listExchanges, replay, storedKey, storeKey } from './api.js';
import { element } from './json-view.js';
import { renderPanes } from './panes.js';
import { renderSummary } from './summary.js';

/** @type {Map<string, any>} every exchange the page knows, by id */
const exchanges = new Map();
/** @type {Set<string> | null} ids matching the body search, null when no search is on */
let searchHits = null;
/** @type {string | null} */
let openId = null;
/** @type {any} */
let openRecord = null;
/** @type {Record<string, string>} */
let copies = {};
/** @type {AbortController | null} */
let feed = null;

/**
 * @template {HTMLElement} T
 * @param {string} id
 * @returns {T}
 */
function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`missing #${id}`);
  return /** @type {T} */ (node);
}

const rows = byId('exchange-rows');
const statusFilter = /** @type {HTMLSelectElement} */ (byId('filter-status'));
const modelFilter = /** @type {HTMLSelectElement} */ (byId('filter-model'));
const providerFilter = /** @type {HTMLSelectElement} */ (byId('filter-provider'));
const keyFilter = /** @type {HTMLSelectElement} */ (byId('filter-key'));
/** The key filter's value for exchanges made without a virtual key (as the API's ?key=). */
const NO_KEY = 'none';
const search = /** @type {HTMLInputElement} */ (byId('search'));

async function start() {
  try {
    const list = await listExchanges('');
    exchanges.clear();
    for (const summary of list.exchanges) exchanges.set(summary.id, summary);
    byId('forget-key').hidden = !storedKey();
    render();
    connectFeed();
  } catch (error) {
    handleAccess(error);
  }
}

function connectFeed() {
  feed?.abort();
  feed = new AbortController();
  const state = byId('feed-state');
  let reconnecting = false;
  void followFeed({
    signal: feed.signal,
    onExchange(summary) {
      exchanges.set(summary.id, summary);
      render();
      if (summary.id === openId && summary.done && !openRecord?.done) void openExchange(summary.id);
      if (searchHits) scheduleSearch();
    },
    onState(next) {
      if (next instanceof AccessError) {
        handleAccess(next);
        return;
      }
      state.dataset.state = next;
      state.textContent = next === 'live' ? 'live' : 'reconnecting…';
      // After a drop the table may have missed exchanges: read it again.
      if (next === 'live' && reconnecting) void refreshList();
      reconnecting = next === 'reconnecting';
    },
  });
}

async function refreshList() {
  const list = await listExchanges('');
  for (const summary of list.exchanges) exchanges.set(summary.id, summary);
  render();
}

/** @param {unknown} error */
function handleAccess(error) {
  if (error instanceof AccessError && error.status === 401) {
    feed?.abort();
    const problem = byId('key-problem');
    problem.hidden = !storedKey();
    problem.textContent = 'That key was not accepted.';
    storeKey(null);
    byId('key-dialog').hidden = false;
    byId('key-input').focus();
    return;
  }
  if (error instanceof AccessError && error.status === 403) {
    byId('blocked-text').textContent = error.message;
    byId('blocked').hidden = false;
    return;
  }
  toast(`Could not read the inspector: ${error instanceof Error ? error.message : String(error)}`);
}

function visible() {
  const status = statusFilter.value;
  const model = modelFilter.value;
  const provider = providerFilter.value;
  const key = keyFilter.value;
  return [...exchanges.values()]
    .sort((a, b) => b.time - a.time)
    .filter((exchange) => {
      if (searchHits && !searchHits.has(exchange.id)) return false;
      if (key && (exchange.key?.id ?? NO_KEY) !== key) return false;
      if (model && exchange.clientModel !== model && exchange.backendModel !== model) return false;
      if (
        provider &&
        exchange.provider !== provider &&
        !exchange.attempts.some((/** @type {any} */ a) => a.provider === provider)
      ) {
        return false;
      }
      switch (status) {
        case '':
          return true;
        case 'active':
          return !exchange.done;
        case 'ok':
          return exchange.done && exchange.status < 400;
        case 'error':
          return exchange.done && exchange.status >= 400;
        case '499':
          return exchange.status === 499;
        default:
          return exchange.done && exchange.status !== 499 && String(exchange.status).startsWith(status);
      }
    });
}

function render() {
  const all = [...exchanges.values()].sort((a, b) => b.time - a.time);
  fillOptions(
    modelFilter,
    all.flatMap((exchange) => [exchange.clientModel, exchange.backendModel]),
  );
  fillOptions(
    providerFilter,
    all.flatMap((exchange) => [
      exchange.provider,
      ...exchange.attempts.map((/** @type {any} */ a) => a.provider),
    ]),
  );
  const keyed = all.some((exchange) => exchange.key);
  byId('exchanges').classList.toggle('without-keys', !keyed);
  byId('filter-key-label').hidden = !keyed;
  if (keyed) fillKeyOptions(all);
  const shown = visible();
  rows.replaceChildren(...shown.map(renderRow));
  byId('empty').hidden = all.length > 0;
  byId('shown-count').textContent =
    shown.length === all.length ? `${all.length} kept` : `${shown.length} of ${all.length} shown`;
  renderSummary(all);
}

/**
 * @param {HTMLSelectElement} select
 * @param {(string | null)[]} values
 */
function fillOptions(select, values) {
  /** @type {string[]} */
  const present = values.filter(
    /** @returns {value is string} */ (value) => typeof value === 'string' && value !== '',
  );
  const wanted = [...new Set(present)].sort();
  const current = [...select.options].slice(1).map((option) => option.value);
  if (wanted.join('\n') === current.join('\n')) return;
  const chosen = select.value;
  select.replaceChildren(new Option('all', ''), ...wanted.map((value) => new Option(value, value)));
  select.value = wanted.includes(chosen) ? chosen : '';
}

/**
 * The key filter's choices: each virtual key by name (its id as the value, names can be
 * reused after a key is revoked), then the requests made without one.
 * @param {any[]} all
 */
function fillKeyOptions(all) {
  /** @type {Map<string, string>} */
  const names = new Map();
  let keyless = false;
  for (const exchange of all) {
    if (exchange.key) names.set(exchange.key.id, exchange.key.name);
    else keyless = true;
  }
  const wanted = [...names].sort((a, b) => a[1].localeCompare(b[1]));
  if (keyless) wanted.push([NO_KEY, '(no virtual key)']);
  const current = [...keyFilter.options].slice(1).map((option) => `${option.value}\t${option.text}`);
  if (wanted.map(([id, name]) => `${id}\t${name}`).join('\n') === current.join('\n')) return;
  const chosen = keyFilter.value;
  keyFilter.replaceChildren(new Option('all', ''), ...wanted.map(([id, name]) => new Option(name, id)));
  keyFilter.value = names.has(chosen) || (chosen === NO_KEY && keyless) ? chosen : '';
}

/** @param {any} exchange */
function renderRow(exchange) {
  const row = element('tr');
  row.dataset.id = exchange.id;
  row.tabIndex = 0;
  if (exchange.id === openId) row.classList.add('open');
  if (!exchange.done) row.classList.add('active');
  else if (exchange.status >= 400) row.classList.add('failed');
  const route = element('td', 'route');
  route.append(
    element('span', 'model', exchange.clientModel ?? '–'),
    element('span', 'arrow', ' → '),
    element('span', 'route-name', exchange.route ?? '–'),
    element('span', 'arrow', ' → '),
    element('span', 'backend', `${exchange.provider ?? '–'} / ${exchange.backendModel ?? '–'}`),
  );
  const status = element('td', 'status', exchange.done ? String(exchange.status) : '…');
  if (exchange.error) status.title = exchange.error;
  row.append(
    element('td', 'time', new Date(exchange.time).toLocaleTimeString()),
    route,
    element('td', '', exchange.stream ? 'stream' : 'json'),
    status,
    element('td', 'num', ms(exchange.latencyMs)),
    element('td', 'num', ms(exchange.timeToFirstTokenMs)),
    element(
      'td',
      'num',
      `${count(exchange.inputTokens)} / ${count(exchange.outputTokens)} / ${count(exchange.cachedTokens)}`,
    ),
    element('td', 'attempts', describeAttempts(exchange.attempts)),
    element('td', 'key', exchange.key?.name ?? '–'),
  );
  if (exchange.key) row.dataset.key = exchange.key.id;
  row.addEventListener('click', () => void openExchange(exchange.id));
  row.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') void openExchange(exchange.id);
  });
  return row;
}

/** @param {number | null} value */
function ms(value) {
  return value === null ? '–' : `${value.toLocaleString()} ms`;
}

/** @param {number | null} value */
function count(value) {
  return value === null ? '–' : value.toLocaleString();
}

/** @param {any[]} attempts */
function describeAttempts(attempts) {
  if (attempts.length === 0) return '–';
  const tried = attempts.map(
    (attempt) =>
      `${attempt.provider} ${attempt.outcome === 'ok' ? '✓' : `✗${attempt.status ? ` ${attempt.status}` : ''}`}`,
  );
  return `${attempts.length}: ${tried.join(', ')}`;
}

/** @param {string} id */
async function openExchange(id) {
  openId = id;
  try {
    openRecord = await getExchange(id);
  } catch (error) {
    if (error instanceof AccessError && error.status === 404) {
      toast('That exchange is no longer kept.');
      return;
    }
    handleAccess(error);
    return;
  }
  if (openId !== id) return;
  const record = openRecord;
  const detail = byId('detail');
  detail.hidden = false;
  detail.dataset.id = id;
  byId('detail-title').textContent =
    `${new Date(record.time).toLocaleTimeString()} · ${record.clientModel ?? '–'} → ${record.route ?? '–'} → ${record.provider ?? '–'} / ${record.backendModel ?? '–'} · ${record.done ? record.status : 'in flight'}${record.latencyMs !== null ? ` · ${record.latencyMs} ms` : ''}`;
  const error = byId('detail-error');
  error.hidden = !record.error;
  error.textContent = record.error ?? '';
  copies = renderPanes(record, copy);
  const last = record.attemptDetails.at(-1);
  /** @type {HTMLButtonElement} */ (byId('copy-curl')).disabled = !last?.curl;
  /** @type {HTMLButtonElement} */ (byId('replay')).disabled =
    !record.clientRequest || record.clientRequest.truncated;
  for (const row of rows.querySelectorAll('tr')) row.classList.toggle('open', row.dataset.id === id);
}

/** @param {string} text */
async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Pages served over plain HTTP to another machine have no clipboard API.
    const area = element('textarea');
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  toast('Copied.');
}

/** @param {string} message */
function toast(message) {
  const node = byId('toast');
  node.textContent = message;
  node.hidden = false;
  clearTimeout(Number(node.dataset.timer));
  node.dataset.timer = String(
    setTimeout(() => {
      node.hidden = true;
    }, 2500),
  );
}

/** @type {ReturnType<typeof setTimeout> | undefined} */
let searchTimer;
function scheduleSearch() {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => void runSearch(), 250);
}

async function runSearch() {
  const query = search.value.trim();
  if (!query) {
    searchHits = null;
    render();
    return;
  }
  try {
    const list = await listExchanges(query);
    if (search.value.trim() !== query) return;
    searchHits = new Set(list.exchanges.map((/** @type {any} */ summary) => summary.id));
    render();
  } catch (error) {
    handleAccess(error);
  }
}

search.addEventListener('input', scheduleSearch);
for (const select of [statusFilter, modelFilter, providerFilter, keyFilter])
  select.addEventListener('change', render);

byId('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = /** @type {HTMLInputElement} */ (byId('key-input'));
  storeKey(input.value.trim());
  input.value = '';
  byId('key-dialog').hidden = true;
  void start();
});
byId('forget-key').addEventListener('click', () => {
  storeKey(null);
  location.reload();
});
byId('close-detail').addEventListener('click', () => {
  openId = null;
  openRecord = null;
  byId('detail').hidden = true;
  for (const row of rows.querySelectorAll('tr.open')) row.classList.remove('open');
});
byId('copy-curl').addEventListener('click', () => {
  const curl = openRecord?.attemptDetails.at(-1)?.curl;
  if (curl) void copy(curl);
});
byId('replay').addEventListener('click', async () => {
  const body = openRecord?.clientRequest;
  if (!body || body.truncated) return;
  try {
    const result = await replay(body.text);
    toast(`Replayed: HTTP ${result.status}${result.requestId ? ` (${result.requestId})` : ''}`);
  } catch (error) {
    toast(`Replay failed: ${error instanceof Error ? error.message : String(error)}`);
  }
});
for (const button of document.querySelectorAll('button[data-copy]')) {
  button.addEventListener('click', () => {
    const which = /** @type {HTMLElement} */ (button).dataset.copy ?? '';
    void copy(copies[which] ?? '');
  });
}

void start();
