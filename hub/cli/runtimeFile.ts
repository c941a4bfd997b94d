// The runtime file a running hub writes into its data directory (hub.json): how the CLI, the stdio
// bridge and serve's pre-spawn find it. Reading it needs node:fs only.
import { readFileSync } from 'node:fs';

export interface RuntimeInfo {
  pid: number;
  url: string;
  version: string;
  startedAt: string;
  /** Access: SHA-256 fingerprint of the hub's TLS certificate, when it serves HTTPS (pinned by the CLI). */
  tlsFingerprint?: string;
}

/** The runtime file's contents when the process it names (another one than this) is alive. */
export function liveRuntimeInfo(runtimeFile: string): RuntimeInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(runtimeFile, 'utf8')) as RuntimeInfo;
    if (typeof info.pid !== 'number' || info.pid === process.pid) return undefined;
    process.kill(info.pid, 0);
    return info;
  } catch {
    return undefined;
  }
}
