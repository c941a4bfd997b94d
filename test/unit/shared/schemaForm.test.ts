import { describe, expect, it } from 'vitest';
import { buildForm, coerceValue, formArguments, initialValues, matchVariant, validateValue } from '../../../shared/schemaForm';
import type { FormField } from '../../../shared/schemaForm';

function field(form: ReturnType<typeof buildForm>, ...path: string[]): FormField {
  let current: FormField = form.root;
  for (const key of path) {
    if (current.kind === 'object') current = current.fields.find((child) => child.key === key)!;
    else if (current.kind === 'array' && key === 'items') current = current.item;
    else throw new Error(`no ${key} under ${current.kind}`);
  }
  return current;
}

describe('buildForm', () => {
  it('describes flat fields with labels, required flags, descriptions and defaults', () => {
    const form = buildForm({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        city: { type: 'string', description: 'City name', minLength: 2 },
        days: { type: 'integer', minimum: 1, maximum: 14, default: 3 },
        metric: { type: 'boolean', title: 'Metric units' },
        maxResults: { type: 'number' },
      },
      required: ['city'],
    });
    expect(form.root.fields.map((f) => [f.key, f.kind, f.label, f.required])).toEqual([
      ['city', 'string', 'City', true],
      ['days', 'number', 'Days', false],
      ['metric', 'boolean', 'Metric units', false],
      ['maxResults', 'number', 'Max Results', false],
    ]);
    expect(field(form, 'city')).toMatchObject({ description: 'City name', minLength: 2, path: ['city'] });
    expect(field(form, 'days')).toMatchObject({ integer: true, minimum: 1, maximum: 14, default: 3 });
    expect(initialValues(form)).toEqual({ city: '', days: 3 });
  });

  it('nests objects and arrays, with paths down to array items', () => {
    const form = buildForm({
      type: 'object',
      properties: {
        filter: {
          type: 'object',
          properties: { owner: { type: 'string' }, labels: { type: 'array', items: { type: 'string' }, minItems: 1 } },
          required: ['owner'],
        },
        points: { type: 'array', items: { type: 'object', properties: { x: { type: 'number' }, y: { type: 'number' } }, required: ['x', 'y'] } },
      },
      required: ['filter'],
    });
    const filter = field(form, 'filter');
    expect(filter.kind).toBe('object');
    expect(field(form, 'filter', 'owner')).toMatchObject({ kind: 'string', required: true, path: ['filter', 'owner'] });
    expect(field(form, 'filter', 'labels')).toMatchObject({ kind: 'array', minItems: 1, item: { kind: 'string' } });
    expect(field(form, 'points', 'items')).toMatchObject({ kind: 'object', fields: [{ key: 'x' }, { key: 'y' }] });
    expect(initialValues(form)).toEqual({ filter: { owner: '' } });
  });

  it('turns enum, const, and all-const oneOf into choices; null members make it nullable', () => {
    const form = buildForm({
      type: 'object',
      properties: {
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'], default: 'celsius' },
        mode: { const: 'fast' },
        level: { oneOf: [{ const: 1, title: 'Low' }, { const: 2, title: 'High' }, { type: 'null' }] },
        maybe: { type: ['string', 'null'] },
      },
    });
    expect(field(form, 'unit')).toMatchObject({ kind: 'enum', options: [{ value: 'celsius', label: 'celsius' }, { value: 'fahrenheit', label: 'fahrenheit' }], default: 'celsius' });
    expect(field(form, 'mode')).toMatchObject({ kind: 'enum', options: [{ value: 'fast' }], default: 'fast' });
    expect(field(form, 'level')).toMatchObject({ kind: 'enum', nullable: true, options: [{ value: 1, label: 'Low' }, { value: 2, label: 'High' }] });
    expect(field(form, 'maybe')).toMatchObject({ kind: 'string', nullable: true });
  });

  it('makes oneOf / anyOf of different shapes a union with labelled variants', () => {
    const form = buildForm({
      type: 'object',
      properties: {
        target: {
          oneOf: [
            { type: 'object', properties: { kind: { const: 'file' }, path: { type: 'string' } }, required: ['kind', 'path'] },
            { type: 'object', title: 'By URL', properties: { kind: { const: 'url' }, url: { type: 'string', format: 'uri' } }, required: ['kind', 'url'] },
          ],
        },
        size: { anyOf: [{ type: 'number' }, { type: 'string', pattern: '^[0-9]+(px|em)$' }] },
      },
      required: ['target'],
    });
    const target = field(form, 'target');
    if (target.kind !== 'union') throw new Error('not a union');
    expect(target.variants.map((variant) => variant.label)).toEqual(['file', 'By URL']);
    expect(target.variants[1]!.field).toMatchObject({ kind: 'object', fields: [{ key: 'kind' }, { key: 'url', format: 'uri' }] });
    expect(matchVariant(target, { kind: 'url', url: 'https://example.com' })).toBe(1);
    expect(matchVariant(target, { kind: 'file', path: '/tmp/x' })).toBe(0);
    expect(matchVariant(target, { kind: 'ftp' })).toBe(-1);
    expect(initialValues(form)).toEqual({ target: { kind: 'file', path: '' } });
    const size = field(form, 'size');
    expect(size.kind === 'union' && size.variants.map((variant) => variant.label)).toEqual(['number', 'string']);
    expect(coerceValue(size, '12')).toBe(12);
    expect(coerceValue(size, '12px')).toBe('12px');
  });

  it('resolves local $refs and allOf, and cuts recursion with a JSON field', () => {
    const form = buildForm({
      type: 'object',
      $defs: {
        node: { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/node' } } } },
        named: { properties: { name: { type: 'string' } }, required: ['name'] },
      },
      properties: {
        tree: { $ref: '#/$defs/node' },
        person: { allOf: [{ $ref: '#/$defs/named' }, { properties: { age: { type: 'integer' } } }] },
        missing: { $ref: 'https://example.com/remote.json' },
      },
    });
    expect(field(form, 'tree', 'name').kind).toBe('string');
    expect(field(form, 'tree', 'children', 'items').kind).toBe('json');
    expect(field(form, 'person')).toMatchObject({ kind: 'object', fields: [{ key: 'name', required: true }, { key: 'age', kind: 'number' }] });
    expect(field(form, 'missing').kind).toBe('json');
  });

  it('gives an empty form for schemas without properties (the UI shows a JSON editor)', () => {
    expect(buildForm({ type: 'object' }).root).toMatchObject({ fields: [], additionalProperties: true });
    expect(buildForm(undefined).root.fields).toEqual([]);
  });
});

describe('formArguments: coercion and validation', () => {
  const form = buildForm({
    type: 'object',
    properties: {
      query: { type: 'string', minLength: 2 },
      limit: { type: 'integer', minimum: 1, maximum: 100 },
      exact: { type: 'boolean' },
      sort: { enum: ['asc', 'desc'] },
      tags: { type: 'array', items: { type: 'string' }, maxItems: 2 },
      range: { type: 'object', properties: { from: { type: 'number' }, to: { type: 'number' } }, required: ['from'] },
      extra: {},
    },
    required: ['query', 'limit'],
  });

  it('turns text input into typed arguments and leaves empty optional fields out', () => {
    const result = formArguments(form, { query: 'mcp', limit: '10', exact: 'true', sort: 'desc', tags: ['a', ''], range: { from: '1.5', to: '' }, extra: '{"x":[1]}' });
    expect(result.errors).toEqual([]);
    expect(result.value).toEqual({ query: 'mcp', limit: 10, exact: true, sort: 'desc', tags: ['a'], range: { from: 1.5 }, extra: { x: [1] } });
    expect(formArguments(form, { query: 'mcp', limit: 5, sort: '' }).value).toEqual({ query: 'mcp', limit: 5 });
  });

  it('reports every problem with its path', () => {
    const result = formArguments(form, { query: '', limit: '2.5', sort: 'sideways', tags: ['a', 'b', 'c'], range: { to: 'x' }, extra: '{nope' });
    expect(result.errors).toEqual([
      { path: ['query'], message: 'Query is required.' },
      { path: ['limit'], message: 'Enter a whole number.' },
      { path: ['sort'], message: 'Choose one of: asc, desc.' },
      { path: ['tags'], message: 'Use at most 2 items.' },
      { path: ['range', 'from'], message: 'From is required.' },
      { path: ['range', 'to'], message: 'Enter a number.' },
      { path: ['extra'], message: expect.stringContaining('Not valid JSON') },
    ]);
    expect(validateValue(field(form, 'limit'), 0)).toEqual([{ path: ['limit'], message: 'Must be at least 1.' }]);
    expect(validateValue(field(form, 'query'), 'a')).toEqual([{ path: ['query'], message: 'Enter at least 2 characters.' }]);
  });

  it('validates array items by index and honours nullable and patterns', () => {
    const nested = buildForm({
      type: 'object',
      properties: {
        points: { type: 'array', items: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'] } },
        code: { type: ['string', 'null'], pattern: '^[A-Z]{3}$' },
      },
    });
    const result = formArguments(nested, { points: [{ x: '1' }, { x: 'one' }], code: null });
    expect(result.value).toEqual({ points: [{ x: 1 }, { x: 'one' }], code: null });
    expect(result.errors).toEqual([{ path: ['points', 1, 'x'], message: 'Enter a number.' }]);
    expect(formArguments(nested, { code: 'abc' }).errors).toEqual([{ path: ['code'], message: 'Must match the pattern ^[A-Z]{3}$.' }]);
  });
});
