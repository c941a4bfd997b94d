import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiKeyHeaderValue, catalogCategories, fillUrl, filterCatalog, parseCatalog, unfilledVariables } from '../../../renderer/src/lib/catalog';

const raw = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'resources', 'catalog.json'), 'utf8')) as unknown;

describe('catalog in the UI', () => {
  it('accepts the shipped catalog and explains a broken one', () => {
    const parsed = parseCatalog(raw);
    expect('catalog' in parsed && parsed.catalog.servers.length).toBeGreaterThan(10);
    const broken = parseCatalog({ version: 1, updatedAt: 'x', servers: [] });
    expect('error' in broken && broken.error).toContain('Update Patchbay');
  });

  it('filters by words and category', () => {
    const parsed = parseCatalog(raw);
    if (!('catalog' in parsed)) throw new Error('catalog invalid');
    const entries = parsed.catalog.servers;
    expect(filterCatalog(entries, 'sentry', 'all').map((entry) => entry.id)).toEqual(['sentry']);
    expect(filterCatalog(entries, '', 'payments').every((entry) => entry.categories.includes('payments'))).toBe(true);
    expect(catalogCategories(entries)[0]).toBeTypeOf('string');
  });

  it('fills url variables and api-key templates', () => {
    expect(fillUrl('https://copilot-api.{subdomain}.ghe.com/mcp', { subdomain: ' octo ' })).toBe('https://copilot-api.octo.ghe.com/mcp');
    expect(unfilledVariables('https://{a}.x/{b}', { a: 'y' })).toEqual(['b']);
    expect(apiKeyHeaderValue('Bearer {{API_KEY}}', ' k1 ')).toBe('Bearer k1');
  });
});
