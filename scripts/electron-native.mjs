#!/usr/bin/env node
// Native modules for running the desktop app from source (`npm start`).
//
// better-sqlite3 in node_modules is compiled for Node (the CLI and the tests use it); Electron has
// another ABI. Rebuilding it in place would break the CLI, so this builds a second copy for the
// installed Electron under .electron-native/, once per Electron version. The desktop app loads it
// through better-sqlite3's `nativeBinding` option (PATCHBAY_SQLITE_BINDING). Packaged builds do not
// need this: electron-builder rebuilds node_modules for Electron itself.
// (@napi-rs/keyring is a Node-API module: one binary serves Node and Electron alike.)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const target = join(root, '.electron-native');
const marker = join(target, 'built-for.json');

export function electronBindingPath(base = root) {
  return join(base, '.electron-native', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
}

function main() {
  let electronVersion;
  try {
    electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  } catch {
    fail('Electron is not installed. Run `npm install` (with network access) first.');
  }
  const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'));
  const sqliteVersion = JSON.parse(readFileSync(join(sqliteDir, 'package.json'), 'utf8')).version;
  const wanted = { electron: electronVersion, betterSqlite3: sqliteVersion };
  if (existsSync(marker) && existsSync(electronBindingPath()) && readFileSync(marker, 'utf8') === JSON.stringify(wanted)) return;

  process.stdout.write(`Building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (once)...\n`);
  rmSync(target, { recursive: true, force: true });
  const copy = join(target, 'node_modules', 'better-sqlite3');
  mkdirSync(copy, { recursive: true });
  cpSync(sqliteDir, copy, { recursive: true, filter: (source) => !source.includes(`${join('better-sqlite3', 'build')}`) });
  writeFileSync(join(target, 'package.json'), JSON.stringify({ name: 'patchbay-electron-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }, null, 2));
  const rebuild = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-rebuild.cmd' : 'electron-rebuild');
  const result = spawnSync(rebuild, ['--version', electronVersion, '--module-dir', target, '--only', 'better-sqlite3', '--force'], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0 || !existsSync(electronBindingPath())) {
    rmSync(target, { recursive: true, force: true });
    fail('Could not build better-sqlite3 for Electron. It needs network access (Electron headers) and a C++ toolchain (python3, make, g++ / Xcode / Visual Studio Build Tools).');
  }
  writeFileSync(marker, JSON.stringify(wanted));
}

function fail(message) {
  process.stderr.write(`electron-native: ${message}\n`);
  process.exit(1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
