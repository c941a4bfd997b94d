import { join } from 'node:path';
import { build } from 'esbuild';
import type { Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

// `patchbay serve` answers its first lists from what its servers listed last time, before any of them
// has connected, so nothing it loads before listening needs the MCP SDK, zod or the API contract's
// schemas: they load later (hub/upstream/wireLoader.ts, hub/auth/oauthWire.ts, hub/core/validate.ts).
// Together they were about a third of a cold start. One static import is enough to bring them back
// onto the start-up path, so this reads serve's static import graph as esbuild bundles it.

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** Every module serve's entry reaches through static imports, with the module that imports it. */
async function staticGraph(entry: string): Promise<Map<string, string | undefined>> {
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: ROOT,
    bundle: true,
    write: false,
    metafile: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    outdir: 'out',
    logLevel: 'silent',
  });
  const inputs: Metafile['inputs'] = result.metafile.inputs;
  const importer = new Map<string, string | undefined>([[entry, undefined]]);
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const imported of inputs[file]?.imports ?? []) {
      if (imported.kind !== 'import-statement' || importer.has(imported.path)) continue;
      importer.set(imported.path, file);
      if (!imported.external) queue.push(imported.path);
    }
  }
  return importer;
}

function chain(graph: Map<string, string | undefined>, module: string): string {
  const path: string[] = [];
  for (let at: string | undefined = module; at !== undefined; at = graph.get(at)) path.unshift(at);
  return path.join(' > ');
}

describe("serve's start-up path", () => {
  it('loads neither the MCP SDK, nor zod, nor the API schemas before it listens', async () => {
    const graph = await staticGraph('hub/cli/serveCommand.ts');
    // The walk itself works: the hub and the store are on the path.
    expect(graph.has('hub/hub.ts')).toBe(true);
    expect(graph.has('hub/store/index.ts')).toBe(true);
    // shared/api.ts gathers all the schemas; its zod-free modules (constants) may load.
    const deferred = [...graph.keys()].filter((module) => /^@modelcontextprotocol\//.test(module) || /^zod($|\/)/.test(module) || module === 'shared/api.ts');
    expect(deferred.map((module) => chain(graph, module))).toEqual([]);
  });
});
