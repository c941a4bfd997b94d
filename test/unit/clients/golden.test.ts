// Golden before/after files per client: test/fixtures/clients/<client>/<case>.before.<ext> and
// <case>.after.<ext>. The case name's first word says what to do:
//   create      no before file: upsert into nothing
//   append*     upsert next to other entries (and comments)
//   update*     upsert over an older Patchbay entry
//   idempotent* upsert where the entry is already current: the file must not change
//   remove*     remove the Patchbay entry
//   corrupt*    no after file: every writer throws BAD_REQUEST naming line and column
// Regenerate after files with UPDATE_GOLDEN=1 (then review the diff).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HubError } from '../../../hub/core/errors';
import { buildEntry, CLIENT_IDS, getClient, readEntries, readServerMap, removeEntry, upsertEntry } from '../../../hub/clients';
import type { ClientId, HubEndpoint } from '../../../hub/clients';

const FIXTURES = fileURLToPath(new URL('../../fixtures/clients', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const NAME = 'patchbay';

const GOLDEN_HUB: HubEndpoint = {
  name: NAME,
  url: 'http://127.0.0.1:4242/mcp',
  token: 'pb_test_0123456789abcdef',
  home: '/home/me/.config/patchbay',
  stdio: { command: '/usr/local/bin/node', args: ['/opt/patchbay/bin/patchbay.mjs', 'stdio', '--target', 'everything'] },
};

const REQUIRED = ['create', 'append', 'update', 'remove', 'idempotent', 'corrupt'];
const FILE = /^(.+)\.(before|after)\.(json|toml)$/;

function casesOf(client: ClientId): Array<{ name: string; ext: string }> {
  const cases = new Map<string, string>();
  for (const file of readdirSync(join(FIXTURES, client))) {
    const match = FILE.exec(file);
    if (match?.[1] && match[3]) cases.set(match[1], match[3]);
  }
  return [...cases].map(([name, ext]) => ({ name, ext })).sort((a, b) => a.name.localeCompare(b.name));
}

function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

function others(client: ClientId, text: string | undefined): Record<string, unknown> {
  const map = { ...readServerMap(client, text) };
  delete map[NAME];
  return map;
}

describe.each(CLIENT_IDS.map((id) => [id]))('golden files: %s', (client) => {
  const cases = casesOf(client);
  const entry = buildEntry(client, GOLDEN_HUB);
  const apply = (op: string, text: string | undefined): string =>
    op === 'remove' ? removeEntry(client, text, NAME) : upsertEntry(client, text, NAME, entry);

  it('has every required case', () => {
    const ops = new Set(cases.map((c) => c.name.split('-')[0]));
    expect([...ops].sort()).toEqual(expect.arrayContaining(REQUIRED));
    expect(cases.every((c) => c.ext === (getClient(client).format === 'toml' ? 'toml' : 'json'))).toBe(true);
  });

  it.each(cases.map((c) => [c.name, c.ext]))('%s', (name, ext) => {
    const op = name.split('-')[0] ?? name;
    const beforePath = join(FIXTURES, client, `${name}.before.${ext}`);
    const afterPath = join(FIXTURES, client, `${name}.after.${ext}`);
    const before = readIfExists(beforePath);

    if (op === 'corrupt') {
      expect(before).toBeDefined();
      for (const attempt of [() => upsertEntry(client, before, NAME, entry, { file: beforePath }), () => removeEntry(client, before, NAME, { file: beforePath }), () => readEntries(client, before, { file: beforePath })]) {
        let thrown: unknown;
        try {
          attempt();
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(HubError);
        const error = thrown as HubError;
        expect(error.code).toBe('BAD_REQUEST');
        expect(error.message).toContain(beforePath);
        expect(error.message).toMatch(/at line \d+, column \d+/);
        expect(error.message).not.toMatch(/secret|Bearer/);
      }
      expect(existsSync(afterPath)).toBe(false);
      return;
    }

    if (op === 'create') expect(before).toBeUndefined();
    else expect(before).toBeDefined();

    const result = apply(op, before);
    if (UPDATE) writeFileSync(afterPath, result);
    expect(result).toBe(readFileSync(afterPath, 'utf8'));

    // Applying twice gives byte-identical output.
    expect(apply(op, result)).toBe(result);
    if (op === 'idempotent') expect(result).toBe(before);
    if (op === 'create') expect(result.endsWith('\n')).toBe(true);

    // Every other entry is exactly as it was.
    expect(others(client, result)).toEqual(others(client, before));

    const ours = readServerMap(client, result)[NAME];
    if (op === 'remove') expect(ours).toBeUndefined();
    else expect(ours).toEqual(entry);
  });
});
