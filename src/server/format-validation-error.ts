import type { z } from 'zod';

/** "messages.2.content.0.type: Invalid input…" — the field path first, as the Messages API does. */
export function formatValidationError(error: z.ZodError, maxIssues = 3): string {
  const lines = error.issues.slice(0, maxIssues).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length - maxIssues;
  return more > 0 ? `${lines.join('; ')} (and ${more} more)` : lines.join('; ');
}
