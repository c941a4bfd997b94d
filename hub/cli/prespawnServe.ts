// `patchbay serve`, first thing: spawn the stdio servers the hub is about to connect, so that their
// start-up overlaps with the hub's own loading (hub/upstream/prespawn.ts explains the adoption).
// Loaded before the rest of serve, so it imports only the store's repositories and node:, and it
// never fails: whatever it cannot do, the hub does the ordinary way a moment later.
import type { Database } from 'better-sqlite3';
import type { ServerConfig, ValueRef } from '../../shared/types';
import { defaultHome, hubPaths } from '../core/paths';
import { ServerRepo } from '../store/serverRepo';
import { BetterSqlite3 } from '../store/sqlite';
import { SettingsRepo } from '../store/settingsRepo';
import type { PriorVerdict } from '../upstream/eraVerdict';
import { isFreshVerdict, verdictKey } from '../upstream/eraVerdict';
import { PrespawnPool, inheritedEnvironment } from '../upstream/prespawn';
import type { SpawnSpec } from '../upstream/prespawn';
import { liveRuntimeInfo } from './runtimeFile';

let pending: PrespawnPool | undefined;

/**
 * Spawns every enabled stdio server that needs nothing from the secret store (no secret env
 * values, no upstream auth) and has a fresh protocol-era verdict. Does nothing when another hub is
 * running on this data directory (serve is about to refuse to start).
 */
export function prespawnUpstreams(home: string = defaultHome()): void {
  const paths = hubPaths(home);
  if (liveRuntimeInfo(paths.runtimeFile)) return;
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(paths.db, { readonly: true, fileMustExist: true });
    const settings = new SettingsRepo(db);
    const now = Date.now();
    const pool = new PrespawnPool();
    for (const server of new ServerRepo(db).list()) {
      const spec = plainSpawnSpec(server);
      if (spec && isFreshVerdict(settings.get<PriorVerdict>(verdictKey(server.id)), now)) pool.spawn(server.id, server.updatedAt, spec);
    }
    if (pool.size > 0) pending = pool;
    else pool.dispose();
  } catch {
    // No store yet, an older schema, a locked file: the hub's own start deals with it.
  } finally {
    db?.close();
  }
}

/** The children spawned by prespawnUpstreams(), for the hub to adopt (once). */
export function takePrespawned(): PrespawnPool | undefined {
  const pool = pending;
  pending = undefined;
  return pool;
}

/** What the hub would spawn for `server`, if it can be known without the secret store. */
export function plainSpawnSpec(server: ServerConfig): SpawnSpec | undefined {
  if (!server.enabled || server.transport.type !== 'stdio' || server.auth.type !== 'none') return undefined;
  const env: Record<string, string> = {};
  for (const [name, ref] of Object.entries(server.transport.env)) {
    if (!isPlain(ref)) return undefined;
    env[name] = ref.value;
  }
  const { command, args, cwd } = server.transport;
  return { command, args, env: { ...inheritedEnvironment(), ...env }, ...(cwd !== undefined && { cwd }) };
}

function isPlain(ref: ValueRef): ref is Extract<ValueRef, { value: string }> {
  return 'value' in ref;
}
