import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HubError } from '../../../hub/core/errors';
import { conversationMigration } from '../../../hub/playground/conversationMigration';
import { ConversationRepo, titleFromText } from '../../../hub/playground/conversationRepo';
import type { ChatMessage } from '../../../hub/playground/types';

describe('ConversationRepo', () => {
  let dir: string;
  let db: Database.Database;
  let repo: ConversationRepo;
  let clock: number;
  let ids: number;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'patchbay-playground-'));
    db = new Database(join(dir, 'patchbay.db'));
    db.pragma('foreign_keys = ON');
    db.transaction(() => conversationMigration.up(db))();
    clock = Date.parse('2026-03-01T10:00:00.000Z');
    ids = 0;
    repo = new ConversationRepo(db, { now: () => new Date((clock += 1000)), newId: () => `conv-${++ids}` });
  });

  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const turn: ChatMessage[] = [
    { role: 'user', content: 'What is   2 + 3,\nplease?' },
    { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'demo__add', server: 'demo', tool: 'add', arguments: { a: 2, b: 3 } }] },
    { role: 'tool', toolCallId: 'c1', name: 'demo__add', server: 'demo', tool: 'add', content: '5', isError: false, status: 'done', durationMs: 3, result: { content: [{ type: 'text', text: '5' }] } },
    { role: 'assistant', content: '2 + 3 = 5.' },
  ];

  it('creates, appends in order, names the conversation after its first message and reads it back', () => {
    const created = repo.create({ settings: { providerId: 'openai', model: 'gpt-test', temperature: 0.2, approval: 'ask' } });
    expect(created).toMatchObject({ id: 'conv-1', title: 'New conversation', messageCount: 0, settings: { model: 'gpt-test' } });

    const afterFirst = repo.append('conv-1', turn.slice(0, 2));
    expect(afterFirst).toMatchObject({ title: 'What is 2 + 3, please?', messageCount: 2 });
    expect(afterFirst.updatedAt > created.updatedAt).toBe(true);
    repo.append('conv-1', turn.slice(2));

    const stored = repo.get('conv-1');
    expect(stored?.messages).toEqual(turn);
    expect(stored?.settings).toEqual({ providerId: 'openai', model: 'gpt-test', temperature: 0.2, approval: 'ask' });
    const rows = db.prepare('SELECT seq, role FROM messages WHERE conversation_id = ? ORDER BY seq').all('conv-1');
    expect(rows).toEqual([
      { seq: 0, role: 'user' },
      { seq: 1, role: 'assistant' },
      { seq: 2, role: 'tool' },
      { seq: 3, role: 'assistant' },
    ]);
  });

  it('lists newest first, renames, updates settings and deletes with the messages', () => {
    repo.create({ title: 'first' });
    repo.create({ title: 'second' });
    expect(repo.list().map((c) => c.title)).toEqual(['second', 'first']);

    repo.append('conv-1', [{ role: 'user', content: 'hi' }]);
    // Appending bumps it to the top; an explicit title is not replaced.
    expect(repo.list().map((c) => [c.title, c.messageCount])).toEqual([
      ['first', 1],
      ['second', 0],
    ]);

    expect(repo.rename('conv-2', '  Renamed\tone ').title).toBe('Renamed one');
    expect(repo.updateSettings('conv-2', { model: 'claude-test' }).settings).toEqual({ model: 'claude-test' });

    expect(repo.delete('conv-1')).toBe(true);
    expect(repo.delete('conv-1')).toBe(false);
    expect(repo.get('conv-1')).toBeUndefined();
    expect(db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 0 });
    expect(repo.list().map((c) => c.id)).toEqual(['conv-2']);
  });

  it('says what is wrong for unknown ids and empty titles', () => {
    expect(() => repo.append('nope', [{ role: 'user', content: 'x' }])).toThrow(HubError);
    expect(() => repo.rename('nope', 'x')).toThrow(/no Playground conversation with id "nope"/);
    repo.create();
    expect(() => repo.rename('conv-1', '   ')).toThrow(/cannot be empty/);
  });

  it('survives reopening the database file', () => {
    repo.create({ title: 'kept' });
    repo.append('conv-1', turn);
    const path = db.name;
    db.close();
    db = new Database(path);
    expect(new ConversationRepo(db).get('conv-1')?.messages).toEqual(turn);
  });
});

describe('titleFromText', () => {
  it('shortens long first messages', () => {
    expect(titleFromText('a '.repeat(100), 11)).toBe('a a a a a…');
    expect(titleFromText('   ')).toBe('New conversation');
  });
});
