import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenApiImportReport } from '../../shared/api';
import { cli, cliJson, ROOT, serve, tempHome } from '../helpers/hubProcess';
import type { ServeHandle, TempHome } from '../helpers/hubProcess';

// GitHub's full REST description (about 13 MB, 1,000+ operations) imported with the real CLI and
// served by a real `patchbay serve`.

const SPEC = createRequire(join(ROOT, 'package.json')).resolve('@octokit/openapi/generated/api.github.com.json');

let home: TempHome;
let hub: ServeHandle | undefined;

beforeAll(() => {
  home = tempHome();
});

afterAll(async () => {
  await hub?.stop();
  home?.cleanup();
});

describe('GitHub\'s REST API through the hub', () => {
  it('imports the full spec with the CLI and serves every tool on /mcp/github', async () => {
    const report = cliJson<OpenApiImportReport>(home, ['openapi', 'import', 'github', SPEC, '--auth', 'bearer', '--secret', 'ghp_not_a_real_token']);
    expect(report.toolCount).toBeGreaterThan(1000);
    expect(report.baseUrl).toBe('https://api.github.com');
    expect(report.tools.map((tool) => tool.name)).toContain('repos_get');
    expect(report.skipped.length).toBeLessThan(report.toolCount / 100);

    const token = cliJson<{ token: string }>(home, ['token', 'create', 'github-test']).token;
    hub = await serve(home);
    const client = new Client({ name: 'github-test', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${hub.url}/mcp/github`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
    try {
      const { tools } = await client.listTools();
      expect(tools).toHaveLength(report.toolCount);
      const getRepo = tools.find((tool) => tool.name === 'repos_get');
      expect(getRepo?.inputSchema).toMatchObject({ type: 'object', required: expect.arrayContaining(['owner', 'repo']) });
    } finally {
      await client.close();
    }
  });

  it('narrows an import with filters', () => {
    const result = cli(home, ['openapi', 'import', 'gh-issues', SPEC, '--include-tag', 'issues', '--method', 'GET']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Imported "gh-issues" \(.*\): \d+ tools, \d+ left out by filters\./);
    const shown = cliJson<{ tools: Array<{ method: string; tags: string[] }> }>(home, ['openapi', 'show', 'gh-issues']);
    expect(shown.tools.length).toBeGreaterThan(10);
    expect(shown.tools.every((tool) => tool.method === 'GET' && tool.tags.includes('issues'))).toBe(true);
  });
});
