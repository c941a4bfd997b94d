// The catalog of official remote servers, as the Add flow uses it. Pure.
import { API_KEY_PLACEHOLDER, CatalogSchema, urlTemplateVariables } from '../../../shared/catalog';
import type { Catalog, CatalogEntry } from '../../../shared/catalog';

export type { Catalog, CatalogEntry };

/** Validates what `/api/catalog` returned; a message says what to do when it is broken. */
export function parseCatalog(data: unknown): { catalog: Catalog } | { error: string } {
  const result = CatalogSchema.safeParse(data);
  if (result.success) return { catalog: result.data };
  const issue = result.error.issues[0];
  return { error: `The hub sent a catalog this version of the UI cannot read (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}). Update Patchbay, or add the server with "Any remote server".` };
}

export function filterCatalog(entries: readonly CatalogEntry[], query: string, category: string): CatalogEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return entries.filter((entry) => {
    if (category !== 'all' && !entry.categories.includes(category as CatalogEntry['categories'][number])) return false;
    const haystack = `${entry.name} ${entry.publisher} ${entry.description} ${entry.id} ${entry.categories.join(' ')}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** Categories that occur in the catalog, most used first. */
export function catalogCategories(entries: readonly CatalogEntry[]): string[] {
  const counts = new Map<string, number>();
  for (const entry of entries) for (const category of entry.categories) counts.set(category, (counts.get(category) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([category]) => category);
}

export function categoryLabel(category: string): string {
  if (category === 'ai') return 'AI';
  return category.replace(/-/g, ' ').replace(/^./, (first) => first.toUpperCase());
}

/** The url with `{name}` placeholders filled in; unfilled ones stay as they are. */
export function fillUrl(template: string, values: Record<string, string>): string {
  return template.replace(/\{([^{}]*)\}/g, (whole, name: string) => (values[name]?.trim() ? encodeURIComponent(values[name].trim()) : whole));
}

export function unfilledVariables(template: string, values: Record<string, string>): string[] {
  return urlTemplateVariables(template).filter((name) => !values[name]?.trim());
}

/** The header value for an api-key entry: its template with the key in place of {{API_KEY}}. */
export function apiKeyHeaderValue(template: string, key: string): string {
  return template.split(API_KEY_PLACEHOLDER).join(key.trim());
}

export function authLabel(entry: CatalogEntry): string {
  switch (entry.auth.type) {
    case 'none':
      return 'No sign-in';
    case 'api-key':
      return 'API key';
    case 'oauth2':
      return 'OAuth';
  }
}
