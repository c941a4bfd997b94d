// Stored Playground conversations (tables from conversationMigration.ts).
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { HubError } from '../core/errors';
import type { ChatMessage, Conversation, ConversationSettings, ConversationSummary } from '../../shared/playground';

export type { Conversation, ConversationSettings, ConversationSummary } from '../../shared/playground';

interface ConversationRow {
  id: string;
  title: string;
  created_at: string;
  updated_at: string;
  settings: string;
  message_count: number;
}

export const DEFAULT_CONVERSATION_TITLE = 'New conversation';

export interface ConversationRepoOptions {
  now?: () => Date;
  newId?: () => string;
}

export class ConversationRepo {
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(
    private readonly db: Database,
    options: ConversationRepoOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
  }

  create(input: { title?: string; settings?: ConversationSettings } = {}): ConversationSummary {
    const id = this.newId();
    const time = this.now().toISOString();
    const title = cleanTitle(input.title) ?? DEFAULT_CONVERSATION_TITLE;
    this.db
      .prepare('INSERT INTO conversations (id, title, created_at, updated_at, settings) VALUES (?, ?, ?, ?, ?)')
      .run(id, title, time, time, JSON.stringify(input.settings ?? {}));
    return this.summary(id);
  }

  /** Most recently updated first. */
  list(): ConversationSummary[] {
    const rows = this.db
      .prepare(
        `SELECT c.*, (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id) AS message_count
         FROM conversations c ORDER BY c.updated_at DESC, c.rowid DESC`,
      )
      .all() as ConversationRow[];
    return rows.map(toSummary);
  }

  get(id: string): Conversation | undefined {
    const row = this.row(id);
    if (!row) return undefined;
    const messages = (this.db.prepare('SELECT content FROM messages WHERE conversation_id = ? ORDER BY seq').all(id) as Array<{ content: string }>).map(
      (message) => JSON.parse(message.content) as ChatMessage,
    );
    return { ...toSummary(row), messages };
  }

  /** Adds messages at the end; a conversation still titled by default is named after its first user message. */
  append(id: string, messages: readonly ChatMessage[]): ConversationSummary {
    const run = this.db.transaction(() => {
      const row = this.row(id);
      if (!row) throw notFound(id);
      const last = this.db.prepare('SELECT max(seq) AS seq FROM messages WHERE conversation_id = ?').get(id) as { seq: number | null };
      let seq = (last.seq ?? -1) + 1;
      const insert = this.db.prepare('INSERT INTO messages (conversation_id, seq, role, content) VALUES (?, ?, ?, ?)');
      for (const message of messages) insert.run(id, seq++, message.role, JSON.stringify(message));
      const firstUser = messages.find((message) => message.role === 'user');
      const title = row.title === DEFAULT_CONVERSATION_TITLE && row.message_count === 0 && firstUser ? titleFromText(firstUser.content) : row.title;
      this.db.prepare('UPDATE conversations SET updated_at = ?, title = ? WHERE id = ?').run(this.now().toISOString(), title, id);
    });
    run.immediate();
    return this.summary(id);
  }

  rename(id: string, title: string): ConversationSummary {
    const clean = cleanTitle(title);
    if (!clean) throw new HubError('VALIDATION_FAILED', 'A conversation title cannot be empty. Give it a few words.');
    const info = this.db.prepare('UPDATE conversations SET title = ?, updated_at = ? WHERE id = ?').run(clean, this.now().toISOString(), id);
    if (info.changes === 0) throw notFound(id);
    return this.summary(id);
  }

  updateSettings(id: string, settings: ConversationSettings): ConversationSummary {
    const info = this.db
      .prepare('UPDATE conversations SET settings = ?, updated_at = ? WHERE id = ?')
      .run(JSON.stringify(settings), this.now().toISOString(), id);
    if (info.changes === 0) throw notFound(id);
    return this.summary(id);
  }

  /** True when it existed. Its messages go with it. */
  delete(id: string): boolean {
    const run = this.db.transaction(() => {
      this.db.prepare('DELETE FROM messages WHERE conversation_id = ?').run(id);
      return this.db.prepare('DELETE FROM conversations WHERE id = ?').run(id).changes > 0;
    });
    return run();
  }

  private row(id: string): ConversationRow | undefined {
    return this.db
      .prepare(`SELECT c.*, (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id) AS message_count FROM conversations c WHERE c.id = ?`)
      .get(id) as ConversationRow | undefined;
  }

  private summary(id: string): ConversationSummary {
    const row = this.row(id);
    if (!row) throw notFound(id);
    return toSummary(row);
  }
}

/** A short title from the first words of a message. */
export function titleFromText(text: string, max = 60): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean === '') return DEFAULT_CONVERSATION_TITLE;
  return clean.length <= max ? clean : `${clean.slice(0, max - 1).trimEnd()}…`;
}

function cleanTitle(title: string | undefined): string | undefined {
  const clean = title?.replace(/\s+/g, ' ').trim().slice(0, 200);
  return clean ? clean : undefined;
}

function toSummary(row: ConversationRow): ConversationSummary {
  let settings: ConversationSettings = {};
  try {
    const parsed = JSON.parse(row.settings) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) settings = parsed as ConversationSettings;
  } catch {
    // unreadable settings: start from defaults
  }
  return { id: row.id, title: row.title, createdAt: row.created_at, updatedAt: row.updated_at, settings, messageCount: row.message_count };
}

function notFound(id: string): HubError {
  return new HubError('NOT_FOUND', `There is no Playground conversation with id "${id}". List the conversations to find it.`);
}
