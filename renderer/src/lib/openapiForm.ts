// The OpenAPI import form's fields -> the admin API's filter and auth inputs. Pure.
import type { OpenApiAuthInput, OpenApiAuthView, OpenApiFilter } from '../../../shared/api';
import { OPENAPI_METHODS } from '../../../shared/api';

export type HttpMethod = (typeof OPENAPI_METHODS)[number];

/** One filter as the form edits it: comma- or newline-separated tags and paths, ticked methods. */
export interface FilterFields {
  tags: string;
  paths: string;
  methods: HttpMethod[];
}

export const emptyFilter: FilterFields = { tags: '', paths: '', methods: [] };

export function splitList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\n]/)
        .map((item) => item.trim())
        .filter(Boolean),
    ),
  ];
}

export function toFilter(fields: FilterFields): OpenApiFilter {
  const tags = splitList(fields.tags);
  const paths = splitList(fields.paths);
  return { ...(tags.length ? { tags } : {}), ...(paths.length ? { paths } : {}), ...(fields.methods.length ? { methods: [...fields.methods] } : {}) };
}

export function fromFilter(filter: OpenApiFilter | undefined): FilterFields {
  return {
    tags: (filter?.tags ?? []).join(', '),
    paths: (filter?.paths ?? []).join(', '),
    methods: (filter?.methods ?? []).map((method) => method.toLowerCase()).filter((method): method is HttpMethod => (OPENAPI_METHODS as readonly string[]).includes(method)),
  };
}

export type AuthKind = 'none' | 'api-key' | 'bearer' | 'basic';

export interface AuthFields {
  kind: AuthKind;
  in: 'header' | 'query';
  name: string;
  /** The API key, bearer token or password. Empty on an edit = keep the stored one. */
  secret: string;
  username: string;
}

export const emptyAuth: AuthFields = { kind: 'none', in: 'header', name: '', secret: '', username: '' };

/** The auth input, or a message saying what is missing. */
export function toAuth(fields: AuthFields): { auth: OpenApiAuthInput } | { error: string } {
  switch (fields.kind) {
    case 'none':
      return { auth: { type: 'none' } };
    case 'api-key':
      if (!fields.secret.trim()) return { error: 'Enter the API key.' };
      // `in` and `name` go together; without a name the hub uses the spec's apiKey scheme.
      return { auth: { type: 'api-key', ...(fields.name.trim() ? { in: fields.in, name: fields.name.trim() } : {}), value: { value: fields.secret.trim(), secret: true } } };
    case 'bearer':
      if (!fields.secret.trim()) return { error: 'Enter the bearer token.' };
      return { auth: { type: 'bearer', token: { value: fields.secret.trim(), secret: true } } };
    case 'basic':
      if (!fields.username.trim()) return { error: 'Enter the user name for basic authentication.' };
      if (!fields.secret) return { error: 'Enter the password for basic authentication.' };
      return { auth: { type: 'basic', username: fields.username.trim(), password: { value: fields.secret, secret: true } } };
  }
}

export function fromAuthView(view: OpenApiAuthView): AuthFields {
  const kind: AuthKind = view.type === 'api-key' || view.type === 'bearer' || view.type === 'basic' ? view.type : 'none';
  return { kind, in: view.in === 'query' ? 'query' : 'header', name: view.name ?? '', secret: '', username: view.username ?? '' };
}

export function describeFilter(filter: OpenApiFilter | undefined): string {
  if (!filter) return 'everything';
  const parts = [
    filter.tags?.length ? `tags ${filter.tags.join(', ')}` : '',
    filter.paths?.length ? `paths ${filter.paths.join(', ')}` : '',
    filter.methods?.length ? `methods ${filter.methods.map((method) => method.toUpperCase()).join(', ')}` : '',
    filter.operations?.length ? `${filter.operations.length} operations` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : 'everything';
}
