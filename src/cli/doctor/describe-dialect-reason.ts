import type { DialectSelection } from '../../dialects/select-dialect.js';

/** How the dialect was chosen, in words. */
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
