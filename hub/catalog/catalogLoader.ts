// Reads and validates resources/catalog.json, the catalog of official remote MCP servers.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CatalogSchema } from '../../shared/catalog';
import type { Catalog, CatalogEntry } from '../../shared/catalog';
import { HubError } from '../core/errors';
import { formatIssues } from './zodIssues';
import type { IssuePath } from './zodIssues';

const CATALOG_FILE = join('resources', 'catalog.json');

/**
 * Finds resources/catalog.json by walking up from `startDir` (default: this module's folder). The
 * walk makes it work both from the sources (hub/catalog/) and from the bundle (dist/cli.mjs).
 */
export function findCatalogPath(startDir: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(startDir);
  for (let depth = 0; depth < 6; depth++) {
    const candidate = join(dir, CATALOG_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new HubError('NOT_FOUND', `Could not find ${CATALOG_FILE} above ${startDir}. Pass the catalog path explicitly, or reinstall Patchbay if the file is missing.`);
}

/** Reads and validates the catalog file. Errors name the entry (by index and id) and the field. */
export async function loadCatalog(path: string = findCatalogPath()): Promise<Catalog> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new HubError('NOT_FOUND', `Could not read the catalog at ${path}: ${(cause as Error).message}. Check the path and that the file is readable.`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new HubError('VALIDATION_FAILED', `The catalog at ${path} is not valid JSON: ${(cause as Error).message}. Fix the syntax error.`, { cause });
  }
  return parseCatalog(json, path);
}

/** Validates already-parsed catalog JSON. `source` names it in error messages. */
export function parseCatalog(json: unknown, source = 'catalog'): Catalog {
  const result = CatalogSchema.safeParse(json);
  if (result.success) return result.data;
  const label = (path: IssuePath): string | undefined => entryLabel(json, path);
  throw new HubError(
    'VALIDATION_FAILED',
    `The catalog ${source} is invalid: ${formatIssues(result.error.issues, label)}. Fix these fields (resources/catalog.schema.json describes the format).`,
    { details: result.error.issues },
  );
}

/** Looks an entry up by id. */
export function findCatalogEntry(catalog: Catalog, id: string): CatalogEntry {
  const entry = catalog.servers.find((candidate) => candidate.id === id);
  if (entry) return entry;
  throw new HubError('NOT_FOUND', `No catalog entry "${id}". Known entries: ${catalog.servers.map((candidate) => candidate.id).join(', ')}.`);
}

/** `"sentry"` for the path servers[3] when that entry's id is sentry. */
function entryLabel(json: unknown, path: IssuePath): string | undefined {
  if (path.length !== 2 || path[0] !== 'servers' || typeof path[1] !== 'number') return undefined;
  if (typeof json !== 'object' || json === null) return undefined;
  const servers = (json as { servers?: unknown }).servers;
  if (!Array.isArray(servers)) return undefined;
  const id = (servers[path[1]] as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? `"${id}"` : undefined;
}
