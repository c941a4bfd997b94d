// The Playground's tables, as a migration the store registers (hub/store/migrations.ts gives it
// its number). Messages are JSON `ChatMessage`s in order; deleting a conversation deletes them.
import type { Database } from 'better-sqlite3';

export const conversationMigration = {
  name: 'playground conversations',
  up(db: Database): void {
    db.exec(`
      CREATE TABLE conversations (
        id          TEXT PRIMARY KEY,
        title       TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        settings    TEXT NOT NULL DEFAULT '{}'   -- JSON: ConversationSettings (never an API key)
      );

      CREATE TABLE messages (
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        seq             INTEGER NOT NULL,          -- 0, 1, 2, ... within the conversation
        role            TEXT NOT NULL,             -- user | assistant | tool
        content         TEXT NOT NULL,             -- JSON: ChatMessage
        PRIMARY KEY (conversation_id, seq)
      );

      CREATE INDEX conversations_updated ON conversations(updated_at DESC);
    `);
  },
};
