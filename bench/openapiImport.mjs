#!/usr/bin/env node
// Benchmark: importing GitHub's REST description (load + validate + dereference + convert) and
// tools/list of the imported server, each with a baseline measured in the same run:
//   import time      vs  readFile + JSON.parse of the same file
//   import peak RSS  vs  peak RSS of a process that only does that JSON.parse
//   tools/list       vs  JSON.stringify of the converted tools array
// Each import runs in a fresh child process so that peak RSS is its own. hub/openapi is bundled
// with esbuild first (dependencies stay external), so no TypeScript loader is needed.
//   node bench/openapiImport.mjs [--runs 3]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'bench', 'results');
const bundle = join(outDir, 'openapi.bundle.mjs');
const require = createRequire(join(root, 'package.json'));
const SPEC = require.resolve('@octokit/openapi/generated/api.github.com.json');
const TARGETS = { importMs: 3000, importRssMb: 300, listMs: 30 };

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

async function child(mode) {
  if (mode === 'parse') {
    const start = performance.now();
    const document = JSON.parse(readFileSync(SPEC, 'utf8'));
    const ms = performance.now() - start;
    return { ms, rssMb: peakRssMb(), paths: Object.keys(document.paths).length };
  }
  const { loadSpec, convertSpec, OpenApiUpstream } = await import(pathToFileURL(bundle).href);
  const start = performance.now();
  const spec = await loadSpec(SPEC);
  const loaded = performance.now();
  const result = convertSpec(spec);
  const ms = performance.now() - start;
  const rssMb = peakRssMb();
  const logger = { debug() {}, info() {}, warn() {}, error() {}, child() { return logger; } };
  const clock = { now: () => Date.now(), setTimeout: () => ({ cancel() {} }) };
  const upstream = new OpenApiUpstream({ name: 'github', tools: result.tools, baseUrl: result.servers[0], logger, clock });
  const list = [];
  const baseline = [];
  let bytes = 0;
  for (let i = 0; i < 21; i += 1) {
    let t = performance.now();
    const tools = await upstream.listTools();
    bytes = JSON.stringify({ tools }).length; // what a tools/list response costs to produce
    list.push(performance.now() - t);
    t = performance.now();
    JSON.stringify(result.tools);
    baseline.push(performance.now() - t);
  }
  await upstream.dispose();
  return {
    ms,
    loadMs: loaded - start,
    convertMs: ms - (loaded - start),
    rssMb,
    tools: result.tools.length,
    skipped: result.skipped.length,
    listMs: median(list),
    listBaselineMs: median(baseline),
    listBytes: bytes,
  };
}

function runChild(mode) {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', mode], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').at(-1));
}

async function main() {
  const childIndex = process.argv.indexOf('--child');
  if (childIndex !== -1) {
    process.stdout.write(`${JSON.stringify(await child(process.argv[childIndex + 1]))}\n`);
    return;
  }
  const runsIndex = process.argv.indexOf('--runs');
  const runs = runsIndex === -1 ? 3 : Number(process.argv[runsIndex + 1]);
  mkdirSync(outDir, { recursive: true });
  const { build } = await import('esbuild');
  await build({ entryPoints: [join(root, 'hub/openapi/index.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile: bundle, logLevel: 'warning' });

  const parses = [];
  const imports = [];
  for (let i = 0; i < runs; i += 1) {
    parses.push(runChild('parse'));
    imports.push(runChild('import'));
  }
  const parse = { ms: median(parses.map((r) => r.ms)), rssMb: median(parses.map((r) => r.rssMb)) };
  const pick = (key) => median(imports.map((r) => r[key]));
  const imp = { ms: pick('ms'), loadMs: pick('loadMs'), convertMs: pick('convertMs'), rssMb: pick('rssMb'), listMs: pick('listMs'), listBaselineMs: pick('listBaselineMs') };
  const first = imports[0];
  const rows = [
    ['import GitHub spec (load+validate+deref+convert)', `${imp.ms.toFixed(0)} ms`, `JSON.parse ${parse.ms.toFixed(0)} ms`, imp.ms / parse.ms, imp.ms <= TARGETS.importMs, `<= ${TARGETS.importMs} ms`],
    ['  of which load+validate+deref', `${imp.loadMs.toFixed(0)} ms`, '', imp.loadMs / parse.ms, undefined, ''],
    ['  of which convert', `${imp.convertMs.toFixed(0)} ms`, '', imp.convertMs / parse.ms, undefined, ''],
    ['import peak RSS', `${imp.rssMb.toFixed(0)} MB`, `JSON.parse ${parse.rssMb.toFixed(0)} MB`, imp.rssMb / parse.rssMb, imp.rssMb <= TARGETS.importRssMb, `<= ${TARGETS.importRssMb} MB`],
    ['tools/list (listTools + serialise)', `${imp.listMs.toFixed(2)} ms`, `JSON.stringify(tools) ${imp.listBaselineMs.toFixed(2)} ms`, imp.listMs / imp.listBaselineMs, imp.listMs <= TARGETS.listMs, `<= ${TARGETS.listMs} ms`],
  ];
  console.log(`OpenAPI import benchmark: ${SPEC.replace(`${root}/`, '')}, ${first.tools} tools, ${first.skipped} skipped, tools/list ${(first.listBytes / 1e6).toFixed(2)} MB, median of ${runs} runs, node ${process.version}`);
  for (const [name, value, baseline, ratio, ok, target] of rows) {
    const verdict = ok === undefined ? '' : ok ? `PASS ${target}` : `FAIL ${target}`;
    console.log(`${name.padEnd(50)} ${value.padStart(10)}  ${baseline.padEnd(34)} ${`x${ratio.toFixed(2)}`.padStart(7)}  ${verdict}`);
  }
  writeFileSync(join(outDir, 'openapi.json'), `${JSON.stringify({ spec: SPEC, runs, parse, import: imp, tools: first.tools, skipped: first.skipped, listBytes: first.listBytes, targets: TARGETS }, null, 2)}\n`);
  if (rows.some((row) => row[4] === false)) process.exitCode = 1;
}

await main();
