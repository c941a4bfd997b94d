import type { z } from 'zod';
import { HubError } from './errors';

/**
 * Validates input at the boundary with a contract schema. The error names each offending field
 * and says what is wrong with it, e.g. `Invalid server: transport.url: url must be an absolute ...`.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  throw new HubError('VALIDATION_FAILED', `Invalid ${what}: ${problems.join('; ')}`, { details: result.error.issues });
}
