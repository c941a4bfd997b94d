// Plain constants of the catalog format (shared/catalog.ts), without zod: the hub's catalog code is
// on the start path of `patchbay serve`, and building the catalog's zod schema (and zod itself)
// there would cost tens of milliseconds of its cold start. Re-exported by shared/catalog.ts.

/** Same rule as SERVER_NAME_PATTERN in shared/types.ts (a test checks they stay equal): a catalog
 * id becomes the server name, so it must be a valid one. */
export const CATALOG_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,47}$/;

/** Names of URL template variables, written `{name}` in the url and passed as `--var name=value`. */
export const CATALOG_VARIABLE_NAME_PATTERN = /^[a-z][a-z0-9_]{0,31}$/;

/** The placeholder an api-key `template` must contain; it is replaced by the user's key. */
export const API_KEY_PLACEHOLDER = '{{API_KEY}}';

/** Finds `{name}` placeholders in a url template. */
export const URL_PLACEHOLDER = /\{([^{}]*)\}/g;

export const CATALOG_CATEGORIES = [
  'developer-tools',
  'project-management',
  'design',
  'productivity',
  'payments',
  'data',
  'cloud',
  'monitoring',
  'automation',
  'ai',
  'support',
  'files',
  'networking',
  'documentation',
] as const;
