// Small key -> JSON value settings. A value that cannot be parsed is logged and reads as unset.
import type { Database } from 'better-sqlite3';
import { HubError } from '../core/errors';
import { silentLogger } from '../core/logger';
import type { Logger } from '../core/logger';
import type { RepoOptions } from './serverRepo';

export class SettingsRepo {
  private readonly logger: Logger;

  constructor(
    private readonly db: Database,
    options: RepoOptions = {},
  ) {
    this.logger = (options.logger ?? silentLogger).child({ component: 'settingsRepo' });
  }

  /** The stored value; the caller vouches for its shape (validate it where it matters). */
  get<T>(key: string): T | undefined {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    if (!row) return undefined;
    try {
      return JSON.parse(row.value) as T;
    } catch {
      this.logger.warn('ignoring a setting whose stored value is not valid JSON', { key });
      return undefined;
    }
  }

  set(key: string, value: unknown): void {
    const text = value === undefined ? undefined : JSON.stringify(value);
    if (text === undefined) {
      throw new HubError('VALIDATION_FAILED', `Setting "${key}" needs a JSON value; to clear it, delete the setting instead.`);
    }
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, text);
  }

  delete(key: string): void {
    this.db.prepare('DELETE FROM settings WHERE key = ?').run(key);
  }
}
