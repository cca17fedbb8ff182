import type { DoctorReport } from './doctor-report.js';

/**
 * The report with every string in it passed through `redact`. Backends echo the key they
 * were sent ("Incorrect API key provided: sk-…"), and their messages reach probe details,
 * backend errors and suggestions; the report goes to terminals and CI logs, so it is
 * cleaned as a whole rather than field by field.
 */
export function redactReport(report: DoctorReport, redact: (text: string) => string): DoctorReport {
  return redactStrings(report, redact) as DoctorReport;
}

function redactStrings(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, redact));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactStrings(item, redact)]));
  }
  return value;
}
