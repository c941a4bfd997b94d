import { describe, expect, it } from 'vitest';
import { OpenApiAuthInputSchema, OpenApiFilterSchema } from '../../../shared/api';
import { describeFilter, emptyAuth, fromAuthView, fromFilter, splitList, toAuth, toFilter } from '../../../renderer/src/lib/openapiForm';

describe('OpenAPI import form', () => {
  it('turns comma/newline lists and ticked methods into a filter the API accepts, and back', () => {
    expect(splitList(' pet, store\nuser,, pet ')).toEqual(['pet', 'store', 'user']);
    const filter = toFilter({ tags: 'pet, store', paths: '/pets/**', methods: ['get', 'post'] });
    expect(filter).toEqual({ tags: ['pet', 'store'], paths: ['/pets/**'], methods: ['get', 'post'] });
    expect(OpenApiFilterSchema.parse(filter)).toEqual(filter);
    expect(toFilter({ tags: ' ', paths: '', methods: [] })).toEqual({});
    expect(fromFilter({ tags: ['pet'], methods: ['GET', 'bogus'] })).toEqual({ tags: 'pet', paths: '', methods: ['get'] });
    expect(describeFilter({})).toBe('everything');
    expect(describeFilter({ methods: ['delete'], tags: ['pet'] })).toBe('tags pet; methods DELETE');
  });

  it('builds auth inputs the API accepts, with secrets marked; says what is missing', () => {
    const cases = [
      { ...emptyAuth },
      { ...emptyAuth, kind: 'api-key' as const, secret: 'k' },
      { ...emptyAuth, kind: 'api-key' as const, in: 'query' as const, name: 'api_key', secret: 'k' },
      { ...emptyAuth, kind: 'bearer' as const, secret: 't' },
      { ...emptyAuth, kind: 'basic' as const, username: 'me', secret: 'p' },
    ];
    const built = cases.map((fields) => toAuth(fields));
    expect(built[1]).toEqual({ auth: { type: 'api-key', value: { value: 'k', secret: true } } });
    expect(built[2]).toEqual({ auth: { type: 'api-key', in: 'query', name: 'api_key', value: { value: 'k', secret: true } } });
    for (const result of built) {
      if (!('auth' in result)) throw new Error('expected auth');
      expect(OpenApiAuthInputSchema.safeParse(result.auth).success).toBe(true);
    }
    expect(toAuth({ ...emptyAuth, kind: 'bearer' })).toEqual({ error: 'Enter the bearer token.' });
    expect(toAuth({ ...emptyAuth, kind: 'basic', secret: 'p' })).toEqual({ error: 'Enter the user name for basic authentication.' });
    expect(fromAuthView({ type: 'api-key', in: 'query', name: 'key', secret: { secret: true } })).toEqual({ kind: 'api-key', in: 'query', name: 'key', secret: '', username: '' });
    expect(fromAuthView({ type: 'oauth2' }).kind).toBe('none');
  });
});
