import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/** "messages.2.content.0.type: Invalid input…" — the field path first, as the Messages API does. */
export function formatValidationError(error: z.ZodError, maxIssues = 3): string {
  const issues = error.issues.map((issue) => mostSpecific(issue, []));
  const lines = issues
    .slice(0, maxIssues)
    .map(({ path, message }) => (path.length > 0 ? `${path.join('.')}: ${message}` : message));
  const more = issues.length - maxIssues;
  return more > 0 ? `${lines.join('; ')} (and ${more} more)` : lines.join('; ');
}

/**
 * A union (`content: string | Block[]`) fails as a whole with "Invalid input" at its own
 * path. The useful message is inside the branch that got furthest into the value, so
 * descend into the branch whose failure has the longest path.
 */
function mostSpecific(issue: Issue, prefix: PropertyKey[]): { path: PropertyKey[]; message: string } {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    let best: Issue | undefined;
    for (const branch of issue.errors) {
      const candidate = branch[0];
      if (candidate && (!best || candidate.path.length > best.path.length)) best = candidate;
    }
    if (best && best.path.length > 0) return mostSpecific(best, path);
  }
  return { path, message: issue.message };
}
