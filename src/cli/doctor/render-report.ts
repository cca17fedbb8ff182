import { DEFAULT_PROVIDER_NAME } from '../../config/config.js';
import { NAME } from '../../version.js';
import type { DoctorReport, ProbeResult, ProbeStatus } from './doctor-report.js';

const STATUS_LABELS: Readonly<Record<ProbeStatus, string>> = {
  ok: 'ok',
  failed: 'FAILED',
  'not-supported': 'not supported',
  skipped: 'skipped',
};

const STATUS_WIDTH = 14;
const TITLE_WIDTH = 20;

/** One probe as a report line, with the backend's own message indented below a failure. */
export function renderProbeLine(result: ProbeResult): string {
  const time = result.status === 'skipped' ? '' : ` (${formatDuration(result.durationMs)})`;
  const line = `  ${STATUS_LABELS[result.status].padEnd(STATUS_WIDTH)} ${result.title.padEnd(TITLE_WIDTH)} ${result.detail}${time}`;
  return result.backendError
    ? `${line}\n  ${''.padEnd(STATUS_WIDTH)} ${''.padEnd(TITLE_WIDTH)} backend said: ${result.backendError}`
    : line;
}

/** The whole report as text for a terminal or a log. */
export function renderReport(report: DoctorReport): string {
  const { backend } = report;
  const lines = [
    `${NAME} doctor: ${backend.url}${backend.provider === DEFAULT_PROVIDER_NAME ? '' : ` (provider ${backend.provider})`}`,
    `  model:   ${backend.model ?? '(none)'} (${backend.modelSource})`,
    `  dialect: ${backend.dialectLabel} (${backend.dialectReason})`,
    '',
    ...report.probes.map(renderProbeLine),
    '',
  ];
  if (report.suggestions.length > 0) {
    lines.push('Suggestions:', ...report.suggestions.map((suggestion) => `  - ${suggestion.message}`), '');
  }
  lines.push(report.ok ? WORKS : renderVerdict(report.probes));
  return `${lines.join('\n')}\n`;
}

const WORKS =
  'Claude Code should work with this backend: streaming and tool calls work, directly and through the proxy.';

function renderVerdict(probes: readonly ProbeResult[]): string {
  const required = probes.filter((probe) => probe.required);
  const failed = required.filter((probe) => probe.status !== 'ok' && probe.status !== 'skipped');
  const skipped = required.length - failed.length - required.filter((probe) => probe.status === 'ok').length;
  const failedText = failed.length > 0 ? `${failed.map((probe) => probe.title).join(', ')} failed` : '';
  const skippedText = skipped > 0 ? `${skipped} required probe${skipped === 1 ? '' : 's'} skipped` : '';
  return `Claude Code will not work well yet: ${[failedText, skippedText].filter(Boolean).join('; ')}.`;
}

export function renderJsonReport(report: DoctorReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
