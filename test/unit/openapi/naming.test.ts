import { describe, expect, it } from 'vitest';
import { globToRegExp, isSelected } from '../../../hub/openapi/filter';
import { nameFromMethodAndPath, sanitizePropertyName, sanitizeToolName, uniqueName } from '../../../hub/openapi/naming';

describe('tool names', () => {
  it('keeps MCP-safe characters only and at most 64 of them', () => {
    expect(sanitizeToolName('repos/get-content')).toBe('repos_get-content');
    expect(sanitizeToolName('  list pets!! (v2) ')).toBe('list_pets_v2');
    expect(sanitizeToolName('///')).toBe('operation');
    const long = sanitizeToolName(`a${'b'.repeat(100)}`);
    expect(long).toHaveLength(64);
    expect(long).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(nameFromMethodAndPath('get', '/orgs/{org}/repos')).toBe('get_orgs_org_repos');
  });

  it('de-duplicates deterministically within the length limit', () => {
    const used = new Set<string>();
    const base = 'x'.repeat(64);
    expect(uniqueName(base, used)).toBe(base);
    expect(uniqueName(base, used)).toBe(`${'x'.repeat(62)}_2`);
    expect(uniqueName(base, used)).toBe(`${'x'.repeat(62)}_3`);
    expect(uniqueName('other', used)).toBe('other');
  });

  it('makes argument names acceptable to LLM function calling', () => {
    expect(sanitizePropertyName('filter[name]')).toBe('filter_name_');
    expect(sanitizePropertyName('X-Request-Id')).toBe('X-Request-Id');
    expect(sanitizePropertyName('page.size')).toBe('page.size');
  });
});

describe('filters', () => {
  it('matches path globs segment-wise', () => {
    expect(globToRegExp('/repos/*').test('/repos/{owner}')).toBe(true);
    expect(globToRegExp('/repos/*').test('/repos/{owner}/{repo}')).toBe(false);
    expect(globToRegExp('/repos/**').test('/repos/{owner}/{repo}')).toBe(true);
    expect(globToRegExp('/a.b').test('/aXb')).toBe(false);
  });

  it('needs every given field of include to match, and any exclude match removes', () => {
    const subject = { method: 'get', path: '/pets', tags: ['Pet'], operationId: 'listPets', toolName: 'listPets' };
    expect(isSelected(subject, undefined, undefined)).toBe(true);
    expect(isSelected(subject, {}, {})).toBe(true);
    expect(isSelected(subject, { tags: ['pet'], methods: ['GET'] }, undefined)).toBe(true);
    expect(isSelected(subject, { tags: ['pet'], methods: ['post'] }, undefined)).toBe(false);
    expect(isSelected(subject, undefined, { operations: ['listPets'] })).toBe(false);
  });
});
