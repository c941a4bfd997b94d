#!/usr/bin/env node
// The `patchbay` command. The TypeScript sources are bundled into dist/ by `npm run build`
// (run automatically by `npm install` through the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';

const entry = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('patchbay: dist/cli.mjs is missing. Run `npm run build` in the Patchbay checkout first.\n');
  process.exit(1);
}

const args = process.argv.slice(2);
if (args.find((arg) => !arg.startsWith('-')) === 'serve' && !args.includes('--help') && !args.includes('-h')) {
  // `patchbay serve` allocates a lot at once while it loads and starts; V8 would size its young
  // generation for that burst and keep it (about 5 MB) while the hub then sits idle for hours. Hold the
  // young generation at its initial size during start-up; serve restores V8's default growth once it is
  // up (hub/cli/serveCommand.ts), so it grows again for real traffic.
  setFlagsFromString('--semi-space-growth-factor=1');
  // Its stdio servers start first, so that they boot while the hub loads (hub/cli/prespawnServe.ts).
  // Only a head start: if it cannot run (say the SQLite module does not load), serve reports why.
  try {
    (await import(new URL('../dist/prespawn.mjs', import.meta.url).href)).prespawnUpstreams();
  } catch {
    // serve starts its servers itself
  }
}
await import(pathToFileURL(entry).href);
