import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HubError } from '../../../hub/core/errors';
import { parseRegistryResponse, parseRegistryServer, suggestServerName } from '../../../hub/catalog';
import type { RegistryPackageCandidate, RegistryRemoteCandidate } from '../../../hub/catalog';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8'));
}

function thrown(fn: () => unknown): HubError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(HubError);
    return error as HubError;
  }
  throw new Error('expected a HubError');
}

describe('parseRegistryServer', () => {
  it('turns remotes into http transports and lists the headers that need values', () => {
    const server = parseRegistryServer(fixture('remote.server.json'));
    expect(server).toMatchObject({
      registryName: 'io.example/Weather_Remote',
      title: 'Remote Weather',
      version: '2.1.0',
      websiteUrl: 'https://example.com/weather',
      repositoryUrl: 'https://github.com/example/weather',
      skipped: [],
    });
    expect(server.candidates).toHaveLength(2);
    const [http, sse] = server.candidates as [RegistryRemoteCandidate, RegistryRemoteCandidate];
    expect(http.kind).toBe('remote');
    expect(http.name).toBe('weather-remote');
    expect(http.transport).toEqual({ type: 'http', url: 'https://mcp.example.com/mcp', headers: { 'X-Units': { value: 'metric' } }, mode: 'streamable-http' });
    expect(http.inputs).toEqual([
      { kind: 'header', name: 'Authorization', description: 'Bearer token', required: true, secret: true },
      { kind: 'header', name: 'X-Region', description: 'Forecast region', required: false, secret: false, default: 'eu' },
    ]);
    expect(sse.transport.mode).toBe('sse');
    expect(sse.transport.url).toBe('https://{tenant}.example.com/sse');
    expect(sse.inputs).toEqual([{ kind: 'url-variable', name: 'tenant', description: 'Your tenant', required: true, secret: false, default: 'demo' }]);
  });

  it('turns an npm package into `npx -y id@version` with env vars and arguments that need values', () => {
    const server = parseRegistryServer(fixture('npm-env.server.json'));
    expect(server.candidates).toHaveLength(1);
    const pkg = server.candidates[0] as RegistryPackageCandidate;
    expect(pkg).toMatchObject({ kind: 'package', registryType: 'npm', identifier: '@example/server-weather', version: '1.0.2', name: 'local-weather' });
    expect(pkg.transport).toEqual({
      type: 'stdio',
      command: 'npx',
      args: ['-y', '@example/server-weather@1.0.2', '{config_path}', '--port', '8080'],
      env: { LOG_FORMAT: { value: 'json' }, CACHE_DIR: { value: '/tmp/weather' } },
    });
    expect(pkg.inputs).toEqual([
      { kind: 'env', name: 'WEATHER_API_KEY', description: 'API key for the weather service', required: true, secret: true },
      { kind: 'env', name: 'CACHE_DIR', description: 'Where to cache forecasts', required: false, secret: false, default: '/tmp/weather' },
      { kind: 'argument', name: 'config_path', description: 'Path to the config file', required: true, secret: false, format: 'filepath' },
      { kind: 'argument', name: 'log-level', description: 'Log level', required: false, secret: false, choices: ['debug', 'info'] },
    ]);
    // Secrets never land in the transport config.
    expect(JSON.stringify(pkg.transport)).not.toContain('WEATHER_API_KEY');
  });

  it('offers remotes first, then pypi (uvx) and oci (docker) packages, and skips what it cannot run', () => {
    const server = parseRegistryServer(fixture('both.server.json'));
    expect(server.candidates.map((candidate) => (candidate.kind === 'remote' ? 'remote' : candidate.registryType))).toEqual(['remote', 'pypi', 'oci']);
    const [remote, pypi, oci] = server.candidates as [RegistryRemoteCandidate, RegistryPackageCandidate, RegistryPackageCandidate];
    expect(remote.inputs).toEqual([{ kind: 'header', name: 'X-Api-Key', required: true, secret: true }]);
    expect(pypi.transport).toMatchObject({ command: 'uvx', args: ['example-both==3.0.0'], env: {} });
    expect(pypi.inputs).toEqual([{ kind: 'env', name: 'EXAMPLE_TOKEN', required: true, secret: true }]);
    expect(oci.transport).toMatchObject({ command: 'docker', args: ['run', '-i', '--rm', '-e', 'EXAMPLE_TOKEN', 'ghcr.io/example/both:3.0.0'] });
    expect(server.skipped).toEqual([{ what: 'nuget package Example.Both', reason: 'registry type "nuget" is not supported yet (npm, pypi and oci are)' }]);
  });

  it('names the field of an invalid server.json', () => {
    const missing = thrown(() => parseRegistryServer(fixture('invalid-missing-version.server.json')));
    expect(missing.code).toBe('VALIDATION_FAILED');
    expect(missing.message).toMatch(/^Invalid server\.json: version: /);
    expect(thrown(() => parseRegistryServer(fixture('invalid-remote-url.server.json'))).message).toContain('remotes[0].url: must start with http://, https:// or a {variable}');
    expect(thrown(() => parseRegistryServer({ name: 'no-slash', description: 'd', version: '1' })).message).toContain('name: must be a reverse-DNS name');
    const latest = { name: 'a.b/c', description: 'd', version: '1', packages: [{ registryType: 'npm', identifier: 'x', version: 'latest', transport: { type: 'stdio' } }] };
    expect(thrown(() => parseRegistryServer(latest)).message).toContain('packages[0].version: must be a specific version, not "latest"');
  });

  it('refuses package identifiers that could act as command-line options', () => {
    const sneaky = { name: 'a.b/c', description: 'd', version: '1', packages: [{ registryType: 'npm', identifier: '--registry=https://evil.example', transport: { type: 'stdio' } }] };
    expect(thrown(() => parseRegistryServer(sneaky)).message).toContain('packages[0].identifier "--registry=https://evil.example" is not a valid npm package name');
  });

  it('suggests valid server names', () => {
    expect(suggestServerName('io.github.acme/Weather_Server')).toBe('weather-server');
    expect(suggestServerName('com.example/___')).toBe('server');
    expect(suggestServerName(`com.example/${'x'.repeat(80)}`)).toHaveLength(48);
  });
});

describe('parseRegistryResponse', () => {
  it('parses a list response with _meta and the next cursor', () => {
    const list = parseRegistryResponse({
      servers: [
        { server: fixture('remote.server.json'), _meta: { 'io.modelcontextprotocol.registry/official': { status: 'active', isLatest: true } } },
        { server: fixture('npm-env.server.json') },
      ],
      metadata: { nextCursor: 'abc', count: 2 },
    });
    expect(list.servers.map((server) => server.registryName)).toEqual(['io.example/Weather_Remote', 'io.github.user/local-weather']);
    expect(list.servers[0]?.meta).toEqual({ 'io.modelcontextprotocol.registry/official': { status: 'active', isLatest: true } });
    expect(list.nextCursor).toBe('abc');
    expect(parseRegistryResponse({ servers: [], metadata: { next_cursor: 'old' } }).nextCursor).toBe('old');
  });

  it('parses a single-server response', () => {
    const single = parseRegistryResponse({ server: fixture('both.server.json'), _meta: {} });
    expect(single.servers).toHaveLength(1);
    expect(single.servers[0]?.candidates).toHaveLength(3);
  });

  it('names the field inside the response when a server is invalid', () => {
    const error = thrown(() => parseRegistryResponse({ servers: [{ server: fixture('remote.server.json') }, { server: fixture('invalid-remote-url.server.json') }] }));
    expect(error.message).toContain('servers[1].server.remotes[0].url');
    expect(thrown(() => parseRegistryResponse({ items: [] })).message).toMatch(/expected \{ servers: \[\.\.\.\] \}/);
  });
});
