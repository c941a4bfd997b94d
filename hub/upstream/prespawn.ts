// Starting stdio upstreams before the hub has loaded (`patchbay serve` only). A stdio server takes
// as long to boot as the hub takes to load, so the two should overlap: `serve` spawns the servers it
// can spawn without the secret store from a bare read of the store, first thing, and the hub's first
// connect to each adopts the child when it would have spawned exactly the same process. Anything
// else (a changed config, a child that already died, no cached protocol-era verdict) falls back to
// an ordinary spawn, and children that nobody adopts are killed.
//
// This module must stay light: it runs before the MCP SDK is loaded, so it imports node: only.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';

/** Exactly what a stdio upstream is spawned with. */
export interface SpawnSpec {
  command: string;
  args: readonly string[];
  /** The complete environment of the child (not merged with anything). */
  env: Readonly<Record<string, string>>;
  cwd?: string;
}

/** A child handed to its connection, with the stderr it wrote before that. */
export interface PrespawnedChild {
  child: ChildProcess;
  /** stderr written before adoption (oldest first); later stderr is on `child.stderr`. */
  earlyStderr: Buffer[];
}

/** Takes the pre-spawned child of one server if it matches `spec` (at most once per server). */
export type AdoptChild = (spec: SpawnSpec) => PrespawnedChild | undefined;

/**
 * The variables a stdio child inherits from the hub's environment, as the MCP SDK's stdio transport
 * chooses them (`getDefaultEnvironment`, POSIX list). If the SDK's choice ever differs, the specs no
 * longer match and the hub spawns normally: adoption compares the SDK's own environment.
 */
const INHERITED_ENV = ['HOME', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'USER'] as const;

export function inheritedEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of INHERITED_ENV) {
    const value = env[name];
    if (value !== undefined && !value.startsWith('()')) out[name] = value;
  }
  return out;
}

/** stderr kept per child before adoption; a chatty server cannot grow it past this. */
const EARLY_STDERR_LIMIT = 64 * 1024;
/** A child nobody adopted by then is killed (the hub connects within a second of starting). */
const UNCLAIMED_AFTER_MS = 30_000;

interface Entry {
  /** Which version of the server config the child was spawned for. */
  version: string;
  spec: SpawnSpec;
  child: ChildProcess;
  earlyStderr: Buffer[];
  stderrBytes: number;
  timer: NodeJS.Timeout;
}

export class PrespawnPool {
  private readonly entries = new Map<string, Entry>();
  private readonly onExit = (): void => this.dispose();

  constructor() {
    process.once('exit', this.onExit);
  }

  /** The number of children waiting to be adopted. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Spawns `spec` for server `serverId` (config `version`). Never throws: a command that cannot
   * be spawned is simply not pre-spawned, and the hub's own attempt reports the error.
   */
  spawn(serverId: string, version: string, spec: SpawnSpec): void {
    if (process.platform === 'win32' || this.entries.has(serverId)) return;
    let child: ChildProcess;
    try {
      child = spawn(spec.command, [...spec.args], { env: { ...spec.env }, cwd: spec.cwd, stdio: ['pipe', 'pipe', 'pipe'], shell: false });
    } catch {
      return;
    }
    const entry: Entry = { version, spec, child, earlyStderr: [], stderrBytes: 0, timer: setTimeout(() => this.discard(serverId), UNCLAIMED_AFTER_MS) };
    entry.timer.unref();
    // A failed spawn (ENOENT) arrives as an 'error' event; the entry is then useless.
    child.once('error', () => this.discard(serverId));
    child.stderr?.on('data', (chunk: Buffer) => {
      entry.earlyStderr.push(chunk);
      entry.stderrBytes += chunk.length;
      while (entry.stderrBytes > EARLY_STDERR_LIMIT && entry.earlyStderr.length > 1) entry.stderrBytes -= entry.earlyStderr.shift()!.length;
    });
    this.entries.set(serverId, entry);
  }

  /**
   * The child pre-spawned for `serverId` if it is still running and was spawned with exactly `spec`
   * for config `version`; otherwise undefined (and the child, if any, is killed). One take per server.
   */
  take(serverId: string, version: string, spec: SpawnSpec): PrespawnedChild | undefined {
    const entry = this.entries.get(serverId);
    if (!entry) return undefined;
    this.entries.delete(serverId);
    clearTimeout(entry.timer);
    const { child } = entry;
    const alive = child.pid !== undefined && child.exitCode === null && child.signalCode === null && !child.killed;
    if (!alive || entry.version !== version || !sameSpec(entry.spec, spec)) {
      stop(child);
      return undefined;
    }
    child.removeAllListeners('error');
    child.stderr?.removeAllListeners('data');
    return { child, earlyStderr: entry.earlyStderr };
  }

  /** Kills every child not adopted yet. */
  dispose(): void {
    process.off('exit', this.onExit);
    for (const id of [...this.entries.keys()]) this.discard(id);
  }

  private discard(serverId: string): void {
    const entry = this.entries.get(serverId);
    if (!entry) return;
    this.entries.delete(serverId);
    clearTimeout(entry.timer);
    stop(entry.child);
  }
}

/** Ends a child that was never used: close its stdin (servers exit on EOF) and signal it. */
function stop(child: ChildProcess): void {
  child.removeAllListeners('error');
  child.on('error', () => undefined);
  try {
    child.stdin?.end();
  } catch {
    // already closed
  }
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  child.stdout?.destroy();
  child.stderr?.destroy();
}

/** Whether two specs are the same process: command, args, environment and cwd, exactly. */
export function sameSpec(a: SpawnSpec, b: SpawnSpec): boolean {
  return isDeepStrictEqual(a, b);
}
