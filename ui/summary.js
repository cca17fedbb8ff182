// The summary strip over the exchanges the page holds: counts, error rate, tokens by model
// and by provider, and a plain SVG chart of latency and time to first token.

import { element } from './json-view.js';

const SVG = 'http://www.w3.org/2000/svg';

/**
 * @param {any[]} exchanges newest first
 */
export function renderSummary(exchanges) {
  const done = exchanges.filter((exchange) => exchange.done);
  const errors = done.filter((exchange) => exchange.status >= 400);
  text('stat-requests', String(done.length));
  text('stat-active', exchanges.length > done.length ? `${exchanges.length - done.length} in flight` : '');
  text('stat-errors', done.length ? `${((100 * errors.length) / done.length).toFixed(1)}%` : '–');
  text('stat-error-count', errors.length ? `${errors.length} failed` : '');
  renderTokens('tokens-by-model', done, (exchange) => exchange.backendModel ?? exchange.clientModel);
  renderTokens('tokens-by-provider', done, (exchange) => exchange.provider);
  renderKeyUsage(done);
  renderChart(done.slice().reverse());
}

/**
 * Requests, tokens and cost by virtual key, shown once the team gateway attributed an
 * exchange to one; requests made without a virtual key come last.
 * @param {any[]} exchanges finished ones
 */
function renderKeyUsage(exchanges) {
  const stat = document.getElementById('usage-by-key-stat');
  const list = document.getElementById('usage-by-key');
  if (!stat || !list) return;
  /** @type {Map<string, { name: string, keyless: boolean, requests: number, input: number, output: number, cost: number | null }>} */
  const totals = new Map();
  for (const exchange of exchanges) {
    const id = exchange.key?.id ?? '';
    const sums = totals.get(id) ?? {
      name: exchange.key?.name ?? 'no virtual key',
      keyless: !exchange.key,
      requests: 0,
      input: 0,
      output: 0,
      cost: null,
    };
    sums.requests++;
    sums.input += exchange.inputTokens ?? 0;
    sums.output += exchange.outputTokens ?? 0;
    if (typeof exchange.costUsd === 'number') sums.cost = (sums.cost ?? 0) + exchange.costUsd;
    totals.set(id, sums);
  }
  stat.hidden = ![...totals.values()].some((sums) => !sums.keyless);
  document.getElementById('summary')?.classList.toggle('with-keys', !stat.hidden);
  if (stat.hidden) return;
  const rows = [...totals]
    .sort(
      ([, a], [, b]) => Number(a.keyless) - Number(b.keyless) || b.input + b.output - (a.input + a.output),
    )
    .slice(0, 8);
  list.replaceChildren(
    ...rows.map(([id, sums]) => {
      const item = element('li');
      item.dataset.key = id;
      item.append(
        element('span', 'name', sums.name),
        element(
          'span',
          'figures',
          `${sums.requests} · ${fmt(sums.input)} / ${fmt(sums.output)} · ${sums.cost === null ? '–' : usd(sums.cost)}`,
        ),
      );
      return item;
    }),
  );
}

/** @param {number} value US dollars */
function usd(value) {
  if (value === 0) return '$0';
  return value < 0.01 ? `$${value.toPrecision(2)}` : `$${value.toFixed(2)}`;
}

/**
 * @param {string} id
 * @param {string} value
 */
function text(id, value) {
  const node = document.getElementById(id);
  if (node) node.textContent = value;
}

/**
 * @param {string} id
 * @param {any[]} exchanges
 * @param {(exchange: any) => string | null} keyOf
 */
function renderTokens(id, exchanges, keyOf) {
  /** @type {Map<string, [number, number, number]>} */
  const totals = new Map();
  for (const exchange of exchanges) {
    const key = keyOf(exchange);
    if (!key) continue;
    const sums = totals.get(key) ?? [0, 0, 0];
    sums[0] += exchange.inputTokens ?? 0;
    sums[1] += exchange.outputTokens ?? 0;
    sums[2] += exchange.cachedTokens ?? 0;
    totals.set(key, sums);
  }
  const list = document.getElementById(id);
  if (!list) return;
  const rows = [...totals].sort((a, b) => b[1][0] + b[1][1] - (a[1][0] + a[1][1])).slice(0, 5);
  list.replaceChildren(
    ...rows.map(([key, [input, output, cached]]) => {
      const item = element('li');
      item.append(
        element('span', 'name', key),
        element('span', 'figures', `${fmt(input)} / ${fmt(output)} / ${fmt(cached)}`),
      );
      return item;
    }),
  );
  if (rows.length === 0) list.append(element('li', 'muted', 'none yet'));
}

/** @param {number} value */
function fmt(value) {
  if (value >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (value >= 1e4) return `${(value / 1e3).toFixed(0)}k`;
  return value.toLocaleString();
}

/** @param {any[]} exchanges oldest first */
function renderChart(exchanges) {
  const box = document.getElementById('chart');
  if (!box) return;
  const width = 320;
  const height = 72;
  const pad = 4;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  const points = exchanges.filter((exchange) => exchange.latencyMs !== null);
  if (points.length === 0) {
    box.replaceChildren(element('span', 'muted', 'no finished requests yet'));
    return;
  }
  const max = Math.max(1, ...points.map((exchange) => exchange.latencyMs));
  const first = points[0].time;
  const span = Math.max(1, (points.at(-1)?.time ?? first) - first);
  const x = (/** @type {number} */ time) => pad + ((time - first) / span) * (width - 2 * pad);
  const y = (/** @type {number} */ ms) => height - pad - (ms / max) * (height - 2 * pad);
  svg.setAttribute(
    'aria-label',
    `latency and time to first token of the last ${points.length} requests; highest ${max} ms`,
  );
  /**
   * @param {string} className
   * @param {(exchange: any) => number | null} readValue
   */
  const series = (className, readValue) => {
    const kept = points.filter((exchange) => readValue(exchange) !== null);
    if (kept.length === 0) return;
    const line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('class', className);
    line.setAttribute(
      'points',
      kept
        .map((exchange) => `${x(exchange.time).toFixed(1)},${y(readValue(exchange) ?? 0).toFixed(1)}`)
        .join(' '),
    );
    svg.append(line);
    for (const exchange of kept) {
      const dot = document.createElementNS(SVG, 'circle');
      dot.setAttribute('class', className);
      dot.setAttribute('cx', x(exchange.time).toFixed(1));
      dot.setAttribute('cy', y(readValue(exchange) ?? 0).toFixed(1));
      dot.setAttribute('r', '1.8');
      const title = document.createElementNS(SVG, 'title');
      title.textContent = `${new Date(exchange.time).toLocaleTimeString()}: ${readValue(exchange)} ms`;
      dot.append(title);
      svg.append(dot);
    }
  };
  series('latency', (exchange) => exchange.latencyMs);
  series('ttft', (exchange) => exchange.timeToFirstTokenMs);
  const label = element('span', 'chart-max', `max ${max.toLocaleString()} ms`);
  box.replaceChildren(svg, label);
}
