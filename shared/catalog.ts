// The catalog of official remote MCP servers (resources/catalog.json): its zod schema, used by the
// hub (to load and validate the file) and by the UI (to show it). Plain data, no Node modules.
// resources/catalog.schema.json is generated from `CatalogSchema` for editors; a unit test keeps
// the two in sync (run it with UPDATE_CATALOG_SCHEMA=1 to regenerate the file).
import { z } from 'zod';
import { API_KEY_PLACEHOLDER, CATALOG_CATEGORIES, CATALOG_ID_PATTERN, CATALOG_VARIABLE_NAME_PATTERN, URL_PLACEHOLDER } from './catalogConstants';

// The format's plain constants (ids, placeholders, categories) are in ./catalogConstants, without zod.
export * from './catalogConstants';

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const ICON = /^(icons\/catalog\/[a-z0-9-]+\.svg|data:image\/svg\+xml[;,].+)$/;

const httpsUrl = z
  .string()
  .max(500)
  .regex(/^https:\/\//, 'must start with https://')
  .refine((value) => isHttpsUrl(value), { message: 'must be an absolute https:// URL' });

export const CatalogTransportSchema = z.enum(['streamable-http', 'sse']);

export const CatalogAuthSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({
    type: z.literal('oauth2'),
    /** `dynamic` (default): discovery + dynamic client registration, nothing to set up. `preregistered`:
     * the provider needs an OAuth client created by hand first (see `clientSetupUrl`). */
    clientRegistration: z.enum(['dynamic', 'preregistered']).optional(),
    clientSetupUrl: httpsUrl.optional(),
    scopes: z.array(z.string().min(1)).optional(),
  }),
  z.strictObject({
    type: z.literal('api-key'),
    header: z.string().regex(HEADER_NAME, 'must be an HTTP header name'),
    template: z
      .string()
      .max(200)
      .refine((value) => value.includes(API_KEY_PLACEHOLDER), { message: `must contain ${API_KEY_PLACEHOLDER}` }),
    /** Where the user creates a key. */
    keyUrl: httpsUrl.optional(),
  }),
]);

export const CatalogVariableSchema = z.strictObject({
  name: z.string().regex(CATALOG_VARIABLE_NAME_PATTERN, 'use lowercase letters, digits and underscores, starting with a letter'),
  description: z.string().min(1).max(200),
  example: z.string().min(1).max(100),
  /** Optional extra rule for values (a regular expression source, matched against the whole value). */
  pattern: z.string().max(200).optional(),
});

export const CatalogEntrySchema = z
  .strictObject({
    id: z.string().regex(CATALOG_ID_PATTERN, 'use 1-48 lowercase letters, digits or hyphens, starting with a letter or digit').describe('Unique id, used as the server name.'),
    name: z.string().min(1).max(80).describe('Display name.'),
    publisher: z.string().min(1).max(80).describe('Who runs the server.'),
    description: z.string().min(1).max(200).describe('One short sentence.'),
    /** The endpoint. `{name}` placeholders are tenant-specific parts declared in `variables`. */
    url: z
      .string()
      .max(500)
      .regex(/^https:\/\//, 'must start with https://')
      .describe('Endpoint URL; {name} placeholders are declared in variables.'),
    transport: CatalogTransportSchema,
    auth: CatalogAuthSchema,
    docsUrl: httpsUrl.describe('The vendor\'s documentation of the server.'),
    /** A path under resources/ (`icons/catalog/NAME.svg`) or an inline `data:image/svg+xml` URI. */
    icon: z.string().regex(ICON, 'must be icons/catalog/NAME.svg or a data:image/svg+xml URI').max(4000),
    categories: z.array(z.enum(CATALOG_CATEGORIES)).min(1),
    variables: z.array(CatalogVariableSchema).optional(),
  })
  .superRefine((entry, ctx) => {
    for (const problem of checkUrlTemplate(entry.url, entry.variables ?? [])) {
      ctx.addIssue({ code: 'custom', message: problem, path: ['url'] });
    }
    const names = (entry.variables ?? []).map((variable) => variable.name);
    names.forEach((name, index) => {
      if (names.indexOf(name) !== index) ctx.addIssue({ code: 'custom', message: `variable "${name}" is declared twice`, path: ['variables', index, 'name'] });
    });
  });

export const CatalogSchema = z
  .strictObject({
    $schema: z.string().optional(),
    /** Bumped whenever the file's shape changes incompatibly. */
    version: z.number().int().positive(),
    /** When the entries were last checked against the vendors' documentation (YYYY-MM-DD). */
    updatedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-01-31'),
    servers: z.array(CatalogEntrySchema),
  })
  .superRefine((catalog, ctx) => {
    const seen = new Map<string, number>();
    catalog.servers.forEach((entry, index) => {
      const first = seen.get(entry.id);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', message: `id "${entry.id}" is already used by servers[${first}]`, path: ['servers', index, 'id'] });
      } else {
        seen.set(entry.id, index);
      }
    });
  });

export type CatalogTransport = z.infer<typeof CatalogTransportSchema>;
export type CatalogAuth = z.infer<typeof CatalogAuthSchema>;
export type CatalogVariable = z.infer<typeof CatalogVariableSchema>;
export type CatalogEntry = z.infer<typeof CatalogEntrySchema>;
export type Catalog = z.infer<typeof CatalogSchema>;

/** The `{name}` placeholders of a url template, in order of appearance (duplicates kept). */
export function urlTemplateVariables(template: string): string[] {
  return [...template.matchAll(URL_PLACEHOLDER)].map((match) => match[1] ?? '');
}

/** Problems with a url template and its declared variables; empty when it is fine. */
export function checkUrlTemplate(template: string, variables: ReadonlyArray<Pick<CatalogVariable, 'name' | 'example'>>): string[] {
  const problems: string[] = [];
  const used = urlTemplateVariables(template);
  const declared = new Set(variables.map((variable) => variable.name));
  for (const name of new Set(used)) {
    if (!CATALOG_VARIABLE_NAME_PATTERN.test(name)) problems.push(`placeholder "{${name}}" is not a valid variable name`);
    else if (!declared.has(name)) problems.push(`placeholder "{${name}}" is not declared in variables`);
  }
  for (const name of declared) {
    if (!used.includes(name)) problems.push(`variable "${name}" is declared but the url does not use {${name}}`);
  }
  if (template.replace(URL_PLACEHOLDER, '').match(/[{}]/)) problems.push('has an unbalanced { or }');
  const examples = new Map(variables.map((variable) => [variable.name, variable.example]));
  const sample = template.replace(URL_PLACEHOLDER, (_whole, name: string) => examples.get(name) ?? 'x');
  if (!isHttpsUrl(sample)) problems.push('must be an absolute https:// URL (checked with the variables\' examples filled in)');
  return problems;
}

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname.length > 0 && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}
