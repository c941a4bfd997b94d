import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog, CatalogEntry } from '../../../shared/catalog';
import { HubError } from '../../../hub/core/errors';
import { catalogEntryToServerInput, expandUrlTemplate, findCatalogEntry, loadCatalog, parseVariableArgs } from '../../../hub/catalog';

function thrown(fn: () => unknown): HubError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(HubError);
    return error as HubError;
  }
  throw new Error('expected a HubError');
}

describe('catalogEntryToServerInput', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = await loadCatalog();
  });

  it('turns a plain OAuth entry into an http server input', () => {
    const input = catalogEntryToServerInput(findCatalogEntry(catalog, 'sentry'));
    expect(input).toEqual({
      name: 'sentry',
      description: findCatalogEntry(catalog, 'sentry').description,
      transport: { type: 'http', url: 'https://mcp.sentry.dev/mcp', headers: {}, mode: 'streamable-http' },
      auth: { type: 'oauth2' },
      catalog: { id: 'sentry', docsUrl: 'https://docs.sentry.io/product/sentry-mcp/' },
    });
  });

  it('keeps the api-key description as data and maps sse entries to sse mode', () => {
    const github = catalogEntryToServerInput(findCatalogEntry(catalog, 'github'));
    expect(github.auth).toEqual({ type: 'api-key', header: 'Authorization', template: 'Bearer {{API_KEY}}', keyUrl: 'https://github.com/settings/personal-access-tokens/new' });
    expect(github.transport.headers).toEqual({});
    expect(catalogEntryToServerInput(findCatalogEntry(catalog, 'square')).transport.mode).toBe('sse');
  });

  it('uses another server name when asked, and rejects invalid ones', () => {
    expect(catalogEntryToServerInput(findCatalogEntry(catalog, 'linear'), { name: 'work-linear' }).name).toBe('work-linear');
    const error = thrown(() => catalogEntryToServerInput(findCatalogEntry(catalog, 'linear'), { name: 'Bad Name' }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toMatch(/"Bad Name" is not a valid server name: use 1-48 lowercase/);
  });

  it('fills in a tenant entry with a good value', () => {
    const input = catalogEntryToServerInput(findCatalogEntry(catalog, 'github-enterprise'), { variables: { subdomain: 'Octocorp' } });
    expect(input.transport.url).toBe('https://copilot-api.octocorp.ghe.com/mcp');
  });

  it('names the missing variable and shows the --var to pass', () => {
    const error = thrown(() => catalogEntryToServerInput(findCatalogEntry(catalog, 'github-enterprise')));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain('Missing value for variable "subdomain"');
    expect(error.message).toContain('--var subdomain=octocorp');
    expect(thrown(() => catalogEntryToServerInput(findCatalogEntry(catalog, 'github-enterprise'), { variables: { subdomain: '  ' } })).message).toContain('Missing value');
  });

  it.each([
    ['evil.com/x', 'a slash and a dot'],
    ['attacker.com#', 'a fragment'],
    ['a.b', 'a second label'],
    ['user@evil', 'user info'],
    ['-leading', 'a leading hyphen'],
    ['x:8443', 'a port'],
    ['%2e%2e', 'encoded characters'],
  ])('rejects %s (%s) for a host variable', (value) => {
    const error = thrown(() => catalogEntryToServerInput(findCatalogEntry(catalog, 'github-enterprise'), { variables: { subdomain: value } }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toMatch(/"subdomain".*single DNS label.*--var subdomain=octocorp/);
  });

  it('rejects variables the entry does not take', () => {
    const error = thrown(() => catalogEntryToServerInput(findCatalogEntry(catalog, 'sentry'), { variables: { region: 'eu' } }));
    expect(error.message).toMatch(/Unknown variable "region" for catalog entry "sentry": it takes no variables/);
  });
});

describe('expandUrlTemplate', () => {
  const entry: CatalogEntry = {
    id: 'tenant-api',
    name: 'Tenant API',
    publisher: 'Example',
    description: 'Test entry.',
    url: 'https://{region}.api.example.com/tenants/{tenant}/mcp?workspace={workspace}',
    transport: 'streamable-http',
    auth: { type: 'none' },
    docsUrl: 'https://example.com/docs',
    icon: 'icons/catalog/github.svg',
    categories: ['developer-tools'],
    variables: [
      { name: 'region', description: 'Region', example: 'eu', pattern: 'eu|us' },
      { name: 'tenant', description: 'Tenant', example: 'acme' },
      { name: 'workspace', description: 'Workspace', example: 'main' },
    ],
  };

  it('percent-encodes values outside the host so they cannot change the path structure', () => {
    const url = expandUrlTemplate(entry.url, entry.variables ?? [], { region: 'eu', tenant: '../admin?x=1#y', workspace: 'a&b=c' }, 'test');
    expect(url).toBe('https://eu.api.example.com/tenants/..%2Fadmin%3Fx%3D1%23y/mcp?workspace=a%26b%3Dc');
    const parsed = new URL(url);
    expect(parsed.hostname).toBe('eu.api.example.com');
    expect(parsed.searchParams.get('workspace')).toBe('a&b=c');
    expect(parsed.hash).toBe('');
  });

  it('applies a declared pattern', () => {
    expect(() => expandUrlTemplate(entry.url, entry.variables ?? [], { region: 'ap', tenant: 'acme', workspace: 'w' }, 'test')).toThrow(/"region" of test does not have the expected form \(eu\|us\)\. Pass it as --var region=eu/);
  });
});

describe('parseVariableArgs', () => {
  it('parses name=value pairs, keeping = in values', () => {
    expect(parseVariableArgs(['subdomain=acme', 'q=a=b'])).toEqual({ subdomain: 'acme', q: 'a=b' });
  });

  it('rejects malformed and repeated assignments', () => {
    expect(() => parseVariableArgs(['subdomain'])).toThrow(/Write it as --var name=value/);
    expect(() => parseVariableArgs(['a=1', 'a=2'])).toThrow(/given twice/);
  });
});
