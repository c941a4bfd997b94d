#!/usr/bin/env node
// The `patchbay` command. The TypeScript sources are bundled into dist/ by `npm run build`
// (run automatically by `npm install` through the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('patchbay: dist/cli.mjs is missing. Run `npm run build` in the Patchbay checkout first.\n');
  process.exit(1);
}
await import(pathToFileURL(entry).href);
