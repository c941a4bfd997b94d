// A catalog entry -> what is needed to create a server from it (`patchbay server add --from-catalog`,
// the UI's catalog page).
// Not from shared/catalog: that builds the catalog's zod schema, which start-up does not need.
import { CATALOG_ID_PATTERN } from '../../shared/catalogConstants';
import type { CatalogAuth, CatalogEntry, CatalogTransport } from '../../shared/catalog';
import type { HttpTransportConfig, HttpTransportMode } from '../../shared/types';
import { SERVER_NAME_PATTERN, SERVER_NAME_RULE } from '../../shared/types';
import { HubError } from '../core/errors';
import { expandUrlTemplate } from './urlTemplate';

export interface CatalogServerInput {
  /** The server name: the entry's id unless another name was asked for. */
  name: string;
  description: string;
  /** Headers are empty: credentials are added by the auth step, never stored in the catalog. */
  transport: HttpTransportConfig;
  /** How the upstream authenticates, as data (oauth2 discovery, an api-key header template, none). */
  auth: CatalogAuth;
  /** Where the entry came from, for the UI and for support. */
  catalog: { id: string; docsUrl: string };
}

export interface CatalogServerInputOptions {
  /** Values for the entry's url variables, e.g. `{ subdomain: 'acme' }` (from `--var subdomain=acme`). */
  variables?: Readonly<Record<string, string>>;
  /** Server name to use instead of the entry's id. */
  name?: string;
}

const MODE_BY_TRANSPORT: Record<CatalogTransport, HttpTransportMode> = {
  'streamable-http': 'streamable-http',
  sse: 'sse',
};

/**
 * Builds the server input for a catalog entry. Tenant variables are substituted safely (see
 * expandUrlTemplate); a missing, unknown or unsafe value throws HubError('VALIDATION_FAILED') that
 * names the variable and shows the `--var name=value` to pass.
 */
export function catalogEntryToServerInput(entry: CatalogEntry, options: CatalogServerInputOptions = {}): CatalogServerInput {
  const name = options.name ?? entry.id;
  if (!SERVER_NAME_PATTERN.test(name) || !CATALOG_ID_PATTERN.test(name)) {
    throw new HubError('VALIDATION_FAILED', `"${name}" is not a valid server name: ${SERVER_NAME_RULE}.`);
  }
  const url = expandUrlTemplate(entry.url, entry.variables ?? [], options.variables ?? {}, `catalog entry "${entry.id}"`);
  return {
    name,
    description: entry.description,
    transport: { type: 'http', url, headers: {}, mode: MODE_BY_TRANSPORT[entry.transport] },
    auth: structuredClone(entry.auth),
    catalog: { id: entry.id, docsUrl: entry.docsUrl },
  };
}

/** Parses `--var name=value` arguments into a variables record. */
export function parseVariableArgs(args: ReadonlyArray<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new HubError('VALIDATION_FAILED', `"${arg}" is not a variable assignment. Write it as --var name=value (e.g. --var subdomain=acme).`);
    const key = arg.slice(0, eq).trim();
    if (Object.hasOwn(out, key)) throw new HubError('VALIDATION_FAILED', `Variable "${key}" is given twice. Pass each --var once.`);
    out[key] = arg.slice(eq + 1);
  }
  return out;
}
