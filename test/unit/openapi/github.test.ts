// GitHub's full REST description (@octokit/openapi, 1,000+ operations) as a real-world stress test.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { convertSpec, loadSpec } from '../../../hub/openapi';
import { invalidSchemas } from './helpers';

const require = createRequire(import.meta.url);
const GITHUB_SPEC = require.resolve('@octokit/openapi/generated/api.github.com.json');

describe("GitHub's REST API description", () => {
  it('converts every operation into a tool whose inputSchema ajv accepts', async () => {
    const spec = await loadSpec(GITHUB_SPEC);
    expect(spec.dialect).toBe('openapi-3.0');
    const result = convertSpec(spec);
    expect(result.tools.length).toBeGreaterThan(1000);
    expect(result.skipped).toEqual([]);
    expect(result.servers).toEqual(['https://api.github.com']);
    const names = result.tools.map((tool) => tool.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(invalidSchemas(result.tools)).toEqual([]);
    // No cycles or shared-object surprises: the tools survive a JSON round trip.
    expect(JSON.parse(JSON.stringify(result.tools))).toHaveLength(result.tools.length);

    const contents = result.tools.find((tool) => tool.name === 'repos_create-or-update-file-contents');
    expect(contents?.operation).toMatchObject({ method: 'put', path: '/repos/{owner}/{repo}/contents/{path}', body: { encoding: 'json', required: true } });
    expect(contents?.inputSchema.required).toEqual(['owner', 'repo', 'path', 'body']);
    const issues = result.tools.find((tool) => tool.name === 'issues_list-for-repo');
    expect(issues?.operation.params.map((param) => param.name)).toEqual(expect.arrayContaining(['owner', 'repo', 'state', 'labels', 'per_page', 'page']));
  }, 120_000);
});
