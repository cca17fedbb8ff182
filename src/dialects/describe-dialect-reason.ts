import type { DialectSelection } from './select-dialect.js';

/** How the dialect was chosen, in words, for the start-up banner and the doctor. */
export function describeDialectReason(reason: DialectSelection['reason']): string {
  switch (reason) {
    case 'configured':
      return 'set by OPENAI_PROVIDER';
    case 'default':
      return 'no known host or port';
    default:
      return reason;
  }
}
