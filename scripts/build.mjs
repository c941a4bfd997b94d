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

// zod's `z` namespace re-exports all 60-odd translations of its error messages (`z.locales`, 370 kB,
// mostly non-ASCII). Importing `{ z }` keeps the whole namespace, so esbuild cannot drop them. Nothing
// of ours or the MCP SDK's switches zod's locale (English is imported directly by zod's schemas), so the
// CLI bundle gets a `locales` namespace with English only.
const zodLocalesPlugin = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)) return undefined;
      return { path: join(dirname(args.importer), '..', 'locales', 'index.js'), namespace: 'zod-locales' };
    });
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: "export { default as en } from './en.js';\n",
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

// The MCP SDK's Node shims load its ajv-based JSON Schema validator with the package, twice (client
// and server); these shims load it on first use instead (hub/upstream/lazyJsonSchemaValidator.ts).
const lazyAjvShimsPlugin = {
  name: 'mcp-sdk-lazy-ajv',
  setup(build) {
    const lazy = JSON.stringify(join(root, 'hub/upstream/lazyJsonSchemaValidator.ts'));
    build.onResolve({ filter: /^@modelcontextprotocol\/(client|server)\/_shims$/ }, (args) => ({ path: args.path.split('/')[1], namespace: 'mcp-lazy-shims' }));
    build.onLoad({ filter: /.*/, namespace: 'mcp-lazy-shims' }, (args) => ({
      contents:
        args.path === 'client'
          ? `export { ClientJsonSchemaValidator as DefaultJsonSchemaValidator, CORS_IS_POSSIBLE } from ${lazy};`
          : `export { ServerJsonSchemaValidator as DefaultJsonSchemaValidator, process } from ${lazy};`,
      resolveDir: root,
      loader: 'js',
    }));
  },
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
      // prespawn: what bin/patchbay.mjs runs first for `serve` (hub/cli/prespawnServe.ts).
      entryPoints: { cli: 'hub/cli.ts', prespawn: 'hub/cli/prespawnServe.ts' },
      outdir: 'dist',
      entryNames: '[name]',
      chunkNames: 'chunks/[name]-[hash]',
      outExtension: { '.js': '.mjs' },
      splitting: true,
      format: 'esm',
      // Pure-ASCII output: V8 keeps a module's source text in memory for as long as the module lives,
      // as one byte per character only when every character is Latin-1; one "…" in a message doubles
      // the bundle's footprint and slows the UTF-8 decode at start-up.
      charset: 'ascii',
      // Comments are kept verbatim otherwise (and many are not ASCII); whitespace-minified output is also
      // a third smaller to read, decode and parse. Names stay (stack traces; the source map has the rest).
      minifyWhitespace: true,
      minifySyntax: true,
      plugins: [zodLocalesPlugin, lazyAjvShimsPlugin],
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
