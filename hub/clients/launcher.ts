// How a stdio-only client (Claude Desktop) starts Patchbay's stdio bridge: an absolute node binary
// and the absolute path of bin/patchbay.mjs, so nothing depends on the PATH the client starts it
// with (Claude Desktop starts servers with a minimal PATH, where `npx` or `patchbay` are not found).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HubError } from '../core/errors';

export interface StdioLauncher {
  /** Absolute path of the executable, e.g. the node binary. */
  command: string;
  /** Absolute path of the script it runs (`bin/patchbay.mjs`); `stdio --target NAME` follow it. */
  binScript: string;
  /** Extra environment the executable needs (Electron: `ELECTRON_RUN_AS_NODE=1`). */
  env?: Record<string, string>;
}

/**
 * bin/patchbay.mjs seen from this module: from the bundle (dist/cli.mjs, dist/electron/main.cjs) or
 * from the sources (hub/clients/launcher.ts, under the tests).
 */
export function findBinScript(moduleUrl: string = import.meta.url): string {
  const here = dirname(fileURLToPath(moduleUrl));
  const candidates = [join(here, '..', 'bin', 'patchbay.mjs'), join(here, '..', '..', 'bin', 'patchbay.mjs')];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new HubError('INTERNAL', `Cannot find Patchbay's bin/patchbay.mjs (looked in ${candidates.join(', ')}). Reinstall Patchbay, or run it from its checkout.`);
  }
  return found;
}

/** The running process's own node binary + bin script (under Electron, the Electron binary in node mode). */
export function defaultStdioLauncher(options: { execPath?: string; binScript?: string; electron?: boolean } = {}): StdioLauncher {
  const launcher: StdioLauncher = { command: options.execPath ?? process.execPath, binScript: options.binScript ?? findBinScript() };
  if (options.electron ?? process.versions.electron !== undefined) launcher.env = { ELECTRON_RUN_AS_NODE: '1' };
  return launcher;
}
