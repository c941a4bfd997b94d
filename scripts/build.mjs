#!/usr/bin/env node
// Builds everything `npm start`, `npx patchbay` and the tests run:
//   dist/cli.mjs             the `patchbay` command (hub + CLI), ESM, Node
//   dist/electron/main.cjs   the Electron main process
//   dist/electron/preload.cjs
//   dist/renderer/           the React UI (Vite), served by the hub at /
// Dependencies stay external (node_modules is there at run time); our own code is bundled, which
// keeps start-up to one file read.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const only = process.argv.slice(2);
const wants = (part) => only.length === 0 || only.includes(part);

mkdirSync(dist, { recursive: true });
if (wants('cli')) rmSync(join(dist, 'chunks'), { recursive: true, force: true });

// The Electron bundles are CommonJS, where `import.meta` is empty: give `import.meta.url` a value.
const importMetaShim = {
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
};

const tasks = [];
if (wants('cli')) {
  // The CLI bundles its dependencies too (one file to load instead of hundreds of modules: start-up
  // time), with code splitting so that rarely used parts load on demand. Native modules stay outside.
  tasks.push(
    esbuild({
      ...common,
      packages: undefined,
      external: ['better-sqlite3', '@napi-rs/keyring', 'electron'],
      // Prefer packages' ES module builds: UMD builds (e.g. jsonc-parser's) require() their own
      // files at run time, which do not exist next to the bundle.
      mainFields: ['module', 'main'],
      entryPoints: { cli: 'hub/cli.ts' },
      outdir: 'dist',
      entryNames: '[name]',
      chunkNames: 'chunks/[name]-[hash]',
      outExtension: { '.js': '.mjs' },
      splitting: true,
      format: 'esm',
      // Bundled CommonJS dependencies may call require() for Node built-ins.
      banner: { js: "import { createRequire as __pbCreateRequire } from 'node:module'; const require = __pbCreateRequire(import.meta.url);" },
    }),
  );
}
if (wants('electron') && existsSync(join(root, 'electron/main/main.ts'))) {
  tasks.push(
    esbuild({
      ...common,
      entryPoints: ['electron/main/main.ts'],
      outfile: 'dist/electron/main.cjs',
      format: 'cjs',
      external: ['electron'],
      ...importMetaShim,
    }),
    esbuild({
      ...common,
      entryPoints: ['electron/preload/preload.ts'],
      outfile: 'dist/electron/preload.cjs',
      format: 'cjs',
      external: ['electron'],
      ...importMetaShim,
    }),
  );
}
if (wants('renderer') && existsSync(join(root, 'renderer/index.html'))) {
  tasks.push(
    (async () => {
      const { build } = await import('vite');
      rmSync(join(dist, 'renderer'), { recursive: true, force: true });
      await build({ configFile: join(root, 'scripts/renderer.vite.config.ts'), logLevel: 'warn' });
    })(),
  );
}

try {
  await Promise.all(tasks);
  writeFileSync(join(dist, 'package.json'), '{"type":"module"}\n');
} catch (error) {
  process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
