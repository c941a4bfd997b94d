import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the hub keeps its files. The desktop app and the CLI share one data directory. */
export interface HubPaths {
  home: string;
  db: string;
  /** Written by a running hub: how the CLI and the stdio bridge find it. */
  runtimeFile: string;
  /** Encrypted secrets, when no OS keychain is available. */
  secretsFile: string;
  secretsKeyFile: string;
  logsDir: string;
}

/**
 * `PATCHBAY_HOME`, else the OS app-data directory: `~/Library/Application Support/Patchbay`,
 * `%APPDATA%\Patchbay`, `$XDG_CONFIG_HOME/patchbay` (default `~/.config/patchbay`).
 */
export function defaultHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.PATCHBAY_HOME) return env.PATCHBAY_HOME;
  const home = env.HOME ?? homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Patchbay');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Patchbay');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'patchbay');
}

export function hubPaths(home: string = defaultHome()): HubPaths {
  return {
    home,
    db: join(home, 'patchbay.db'),
    runtimeFile: join(home, 'hub.json'),
    secretsFile: join(home, 'secrets.enc.json'),
    secretsKeyFile: join(home, 'secrets.key'),
    logsDir: join(home, 'logs'),
  };
}
