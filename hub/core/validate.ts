import type { z } from 'zod';
import type * as Api from '../../shared/api';
import { HubError } from './errors';
import { loadOnce } from './loadOnce';

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

type ApiModule = typeof Api;
/** The names of the contract's schemas (shared/api.ts exports constants and helpers too). */
export type ApiSchemaName = { [K in keyof ApiModule]: ApiModule[K] extends z.ZodType ? K : never }[keyof ApiModule];

const apiSchemas = loadOnce((): Promise<ApiModule> => import('../../shared/api'));

/**
 * `parseInput` with the contract schema `name` (e.g. 'CreateServerSchema'). The contract (zod and
 * every schema in shared/api) loads on the first call: building it costs `patchbay serve` tens of
 * milliseconds of its cold start, and start-up validates nothing.
 */
export async function parseApiInput<K extends ApiSchemaName>(name: K, input: unknown, what: string): Promise<z.output<ApiModule[K]>> {
  const schema: z.ZodType = (await apiSchemas())[name];
  return parseInput(schema, input, what) as z.output<ApiModule[K]>;
}
