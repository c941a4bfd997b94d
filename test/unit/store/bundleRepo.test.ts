import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../hub/core/clock';
import { silentLogger } from '../../../hub/core/logger';
import { BundleRepo } from '../../../hub/store/bundleRepo';
import { openStore } from '../../../hub/store/index';
import type { Store } from '../../../hub/store/index';
import { recordingLogger, tempDir } from './helpers';

// Stored rules are checked on every read (without zod: see shared/api/bundleRules.ts).

let tmp: ReturnType<typeof tempDir>;
let store: Store;

beforeEach(() => {
  tmp = tempDir('patchbay-bundle-repo-');
  store = openStore(join(tmp.dir, 'patchbay.db'), { logger: silentLogger, clock: systemClock });
});

afterEach(() => {
  store.close();
  tmp.cleanup();
});

describe('BundleRepo', () => {
  it('reads back the rules it stored', () => {
    const repo = new BundleRepo(store.db);
    const rules = [
      { kind: 'tool' as const, pattern: 'github/create_issue', action: 'include' as const, as: 'open_issue' },
      { kind: 'resource' as const, pattern: 'files', action: 'include' as const },
    ];
    repo.create({ name: 'dev', rules });
    expect(repo.get('dev')?.rules).toEqual(rules);
    expect(repo.list().map((bundle) => bundle.rules)).toEqual([rules]);
  });

  it('skips a bundle whose stored rules are damaged, with a warning, and get() says how to fix it', () => {
    const log = recordingLogger();
    const repo = new BundleRepo(store.db, { logger: log.logger });
    repo.create({ name: 'good', rules: [{ kind: 'tool', pattern: 'github/*', action: 'include' }] });
    for (const [name, stored] of [
      ['broken-json', '[{'],
      ['not-a-list', '{"pattern":"github/*"}'],
      ['bad-rule', '[{"kind":"tool","pattern":"github/*","action":"include","as":"renamed"}]'],
      ['unknown-field', '[{"kind":"tool","pattern":"github/x","action":"include","colour":"red"}]'],
    ] as const) {
      repo.create({ name, rules: [] });
      store.db.prepare('UPDATE bundles SET rules = ? WHERE name = ?').run(stored, name);
      expect(() => repo.get(name), name).toThrow(`The stored rules of bundle "${name}" are damaged. Delete it with \`patchbay bundle delete ${name}\` and create it again.`);
    }
    expect(repo.list().map((bundle) => bundle.name)).toEqual(['good']);
    const warnings = log.entries.filter((entry) => entry.level === 'warn');
    expect(warnings.map((entry) => entry.fields.bundle).sort()).toEqual(['bad-rule', 'broken-json', 'not-a-list', 'unknown-field']);
    expect(warnings.every((entry) => entry.message === 'skipping a bundle whose stored rules are damaged')).toBe(true);
    expect(repo.remove('bad-rule')).toMatchObject({ name: 'bad-rule', rules: [] });
  });
});
