import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HubError } from '../../../hub/core/errors';
import { findCatalogEntry, findCatalogPath, loadCatalog, parseCatalog } from '../../../hub/catalog';

const validEntry = {
  id: 'example',
  name: 'Example',
  publisher: 'Example Inc.',
  description: 'An example server.',
  url: 'https://mcp.example.com/mcp',
  transport: 'streamable-http',
  auth: { type: 'oauth2' },
  docsUrl: 'https://example.com/docs/mcp',
  icon: 'icons/catalog/example.svg',
  categories: ['developer-tools'],
};

function catalogWith(...servers: unknown[]): unknown {
  return { version: 1, updatedAt: '2026-11-26', servers };
}

async function rejection(promise: Promise<unknown>): Promise<HubError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(HubError);
  return error as HubError;
}

describe('loadCatalog', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'patchbay-catalog-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds and loads the shipped catalog by default', async () => {
    expect(findCatalogPath()).toMatch(/resources[/\\]catalog\.json$/);
    const catalog = await loadCatalog();
    expect(findCatalogEntry(catalog, 'linear').url).toBe('https://mcp.linear.app/mcp');
  });

  it('loads a catalog from an explicit path', async () => {
    const path = join(dir, 'catalog.json');
    writeFileSync(path, JSON.stringify(catalogWith(validEntry)));
    const catalog = await loadCatalog(path);
    expect(catalog.servers.map((entry) => entry.id)).toEqual(['example']);
  });

  it('names the entry (index and id) and the field in validation errors', async () => {
    const path = join(dir, 'catalog.json');
    writeFileSync(path, JSON.stringify(catalogWith(validEntry, { ...validEntry, id: 'second', url: 'http://insecure.example.com/mcp' })));
    const error = await rejection(loadCatalog(path));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain('servers[1] ("second").url');
    expect(error.message).toContain('https://');
  });

  it('reports auth field errors and undeclared url variables', () => {
    const badAuth = { ...validEntry, auth: { type: 'api-key', header: 'Authorization', template: 'Bearer KEY' } };
    expect(() => parseCatalog(catalogWith(badAuth))).toThrow(/servers\[0\] \("example"\)\.auth\.template: must contain \{\{API_KEY\}\}/);
    const undeclared = { ...validEntry, url: 'https://{tenant}.example.com/mcp' };
    expect(() => parseCatalog(catalogWith(undeclared))).toThrow(/servers\[0\] \("example"\)\.url: placeholder "\{tenant\}" is not declared in variables/);
    const unused = { ...validEntry, variables: [{ name: 'tenant', description: 'Tenant', example: 'acme' }] };
    expect(() => parseCatalog(catalogWith(unused))).toThrow(/variable "tenant" is declared but the url does not use \{tenant\}/);
  });

  it('rejects duplicate ids, naming both entries', () => {
    expect(() => parseCatalog(catalogWith(validEntry, validEntry))).toThrow(/servers\[1\] \("example"\)\.id: id "example" is already used by servers\[0\]/);
  });

  it('says what to do when the file is not JSON or missing', async () => {
    const path = join(dir, 'catalog.json');
    writeFileSync(path, '{ "version": 1, ');
    const notJson = await rejection(loadCatalog(path));
    expect(notJson.code).toBe('VALIDATION_FAILED');
    expect(notJson.message).toMatch(/not valid JSON.*Fix the syntax error/);
    const missing = await rejection(loadCatalog(join(dir, 'nope.json')));
    expect(missing.code).toBe('NOT_FOUND');
  });

  it('explains a missing entry and lists the known ones', async () => {
    const catalog = await loadCatalog();
    expect(() => findCatalogEntry(catalog, 'nope')).toThrow(/No catalog entry "nope". Known entries: github, /);
  });

  it('fails clearly when no catalog file is above the start directory', () => {
    expect(() => findCatalogPath(dir)).toThrow(/Could not find resources[/\\]catalog\.json/);
  });
});
