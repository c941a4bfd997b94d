import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HubError } from '../../../hub/core/errors';
import type { Database } from '../../../hub/store/db';
import { openDatabase } from '../../../hub/store/db';
import { SettingsRepo } from '../../../hub/store/settingsRepo';
import { recordingLogger, tempDir } from './helpers';

describe('SettingsRepo', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: Database;
  let log: ReturnType<typeof recordingLogger>;
  let settings: SettingsRepo;
  beforeEach(() => {
    tmp = tempDir();
    log = recordingLogger();
    db = openDatabase(join(tmp.dir, 'patchbay.db'), { logger: log.logger });
    settings = new SettingsRepo(db, { logger: log.logger });
  });
  afterEach(() => {
    db.close();
    tmp.cleanup();
  });

  it('stores JSON values, overwrites and deletes them', () => {
    expect(settings.get('ui')).toBeUndefined();
    settings.set('ui', { theme: 'dark', zoom: 1.25 });
    settings.set('port', 4242);
    settings.set('flag', false);
    expect(settings.get<{ theme: string }>('ui')).toEqual({ theme: 'dark', zoom: 1.25 });
    expect(settings.get<number>('port')).toBe(4242);
    expect(settings.get<boolean>('flag')).toBe(false);
    settings.set('port', 5000);
    expect(settings.get('port')).toBe(5000);
    settings.delete('port');
    expect(settings.get('port')).toBeUndefined();
    settings.delete('never-set');
  });

  it('refuses undefined and reads a damaged value as unset with a warning', () => {
    expect(() => settings.set('x', undefined)).toThrow(HubError);
    db.prepare("INSERT INTO settings (key, value) VALUES ('broken', '{nope')").run();
    expect(settings.get('broken')).toBeUndefined();
    expect(log.entries.some((e) => e.level === 'warn' && e.fields.key === 'broken')).toBe(true);
  });
});
