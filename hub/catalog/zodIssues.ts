// Turns zod issues into one readable sentence per problem: `servers[3] ("sentry").url: must be ...`.
import type { z } from 'zod';

export type IssuePath = ReadonlyArray<PropertyKey>;

/** Formats a path like `servers[3].auth.header`; `label` may name an element (e.g. by its id). */
export function formatPath(path: IssuePath, label?: (path: IssuePath) => string | undefined): string {
  let out = '';
  path.forEach((key, index) => {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
    const name = label?.(path.slice(0, index + 1));
    if (name) out += ` (${name})`;
  });
  return out === '' ? '(root)' : out;
}

/** One line per issue, at most `max` of them, with a count of the rest. */
export function formatIssues(issues: ReadonlyArray<z.core.$ZodIssue>, label?: (path: IssuePath) => string | undefined, max = 8): string {
  const lines = issues.slice(0, max).map((issue) => `${formatPath(issue.path, label)}: ${issue.message}`);
  if (issues.length > max) lines.push(`…and ${issues.length - max} more`);
  return lines.join('; ');
}
