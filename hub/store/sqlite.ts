// The better-sqlite3 constructor, loaded with require(): it is a CommonJS package, and Node's ESM
// loader would first scan its files for named exports, which doubles its load time (17 ms against 8
// here) on the path every command and `serve`'s first step take.
import { createRequire } from 'node:module';
import type BetterSqlite3Type from 'better-sqlite3';

export const BetterSqlite3 = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3Type;
