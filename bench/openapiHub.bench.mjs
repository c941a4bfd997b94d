#!/usr/bin/env node
// Benchmark: GitHub's REST description imported with `patchbay openapi import` and served by
// `patchbay serve`, measured THROUGH the hub (issue 4: tools/list of the imported server <= 30 ms).
// Baseline in the same run: a plain Node HTTP server (its own process) answering the identical
// tools/list response bytes, so the ratio is what the hub costs beyond shipping the bytes.
//   1. CLI import wall time (process start + load + validate + convert + store)   info
//   2. hub start to first tools/list on /mcp/github (stored tools, no re-parse)      info
//   3. tools/list p50 through /mcp/github vs the baseline server, interleaved        target <= 30 ms
//   4. RSS of the hub process serving the imported API                              info
// Usage: node scripts/build.mjs cli && node bench/openapiHub.bench.mjs [--runs 41]
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'bin', 'patchbay.mjs');
const SPEC = createRequire(join(ROOT, 'package.json')).resolve('@octokit/openapi/generated/api.github.com.json');
const runsAt = process.argv.indexOf('--runs');
const RUNS = runsAt === -1 ? 41 : Number(process.argv[runsAt + 1]);
const TARGET_LIST_MS = 30;

const agent = new Agent({ keepAlive: true, maxSockets: 4 });
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function firstLine(child) {
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const at = buffer.indexOf('\n');
      if (at >= 0) resolve(buffer.slice(0, at));
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}`)));
  });
}

function post(url, headers, body) {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { ...headers, 'Content-Length': Buffer.byteLength(body) }, agent }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`HTTP ${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 300)}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A 2026-07-28 tools/list exactly as the SDK client sends it (stateless). */
function listRequest() {
  const meta = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1.0.0' },
    'io.modelcontextprotocol/clientCapabilities': {},
  };
  return {
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: meta } }),
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'MCP-Protocol-Version': '2026-07-28', 'Mcp-Method': 'tools/list' },
  };
}

function rssMb(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line.split(/\s+/)[1]) / 1024;
}

const BASELINE_SERVER = `
const { createServer } = require('node:http');
const body = require('node:fs').readFileSync(process.argv[1]);
const type = process.argv[2];
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(200, { 'content-type': type, 'content-length': body.length }); res.end(body); });
});
server.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + server.address().port + '/'));
`;

async function main() {
  const home = mkdtempSync(join(tmpdir(), 'patchbay-bench-openapi-'));
  const env = { ...process.env, PATCHBAY_HOME: home, PATCHBAY_SECRET_STORE: 'file', PATCHBAY_LOG_LEVEL: 'error' };
  const children = [];
  try {
    let t = performance.now();
    const imported = spawnSync(process.execPath, [CLI, 'openapi', 'import', 'github', SPEC, '--json'], { env, encoding: 'utf8', maxBuffer: 64 << 20 });
    if (imported.status !== 0) throw new Error(`import failed: ${imported.stderr}`);
    const importMs = performance.now() - t;
    const toolCount = JSON.parse(imported.stdout).toolCount;
    const token = JSON.parse(spawnSync(process.execPath, [CLI, 'token', 'create', 'bench', '--json'], { env, encoding: 'utf8' }).stdout).token;

    t = performance.now();
    const hub = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--json'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(hub);
    const info = JSON.parse(await firstLine(hub));
    const endpoint = `${info.url}/mcp/github`;
    const { body, headers } = listRequest();
    const auth = { ...headers, Authorization: `Bearer ${token}` };
    let response;
    for (;;) {
      try {
        response = await post(endpoint, auth, body);
        if (response.includes('"repos_get"')) break;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    const coldMs = performance.now() - t;

    const bodyFile = join(home, 'tools-list-response');
    writeFileSync(bodyFile, response);
    const baseline = spawn(process.execPath, ['-e', BASELINE_SERVER, bodyFile, 'application/json'], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(baseline);
    const baselineUrl = (await firstLine(baseline)).trim();

    for (let i = 0; i < 20; i += 1) {
      await post(endpoint, auth, body);
      await post(baselineUrl, headers, body);
    }
    const viaHub = [];
    const direct = [];
    for (let i = 0; i < RUNS; i += 1) {
      let start = performance.now();
      await post(endpoint, auth, body);
      viaHub.push(performance.now() - start);
      start = performance.now();
      await post(baselineUrl, headers, body);
      direct.push(performance.now() - start);
    }
    const hubMs = median(viaHub);
    const baseMs = median(direct);
    const rss = rssMb(hub.pid);
    const rows = [
      ['CLI import of GitHub\'s spec (whole process)', `${importMs.toFixed(0)} ms`, '', ''],
      ['hub start -> first tools/list on /mcp/github', `${coldMs.toFixed(0)} ms`, '', ''],
      ['tools/list through the hub, p50', `${hubMs.toFixed(2)} ms`, `same bytes from plain HTTP ${baseMs.toFixed(2)} ms  x${(hubMs / baseMs).toFixed(2)}`, hubMs <= TARGET_LIST_MS ? `PASS <= ${TARGET_LIST_MS} ms` : `FAIL <= ${TARGET_LIST_MS} ms`],
      ['hub RSS serving the imported API', `${rss.toFixed(0)} MB`, '', ''],
    ];
    console.log(`OpenAPI through the hub: GitHub REST API, ${toolCount} tools, tools/list ${(response.length / 1e6).toFixed(2)} MB, ${RUNS} interleaved runs, node ${process.version}`);
    for (const [name, value, base, verdict] of rows) console.log(`${name.padEnd(46)} ${value.padStart(10)}  ${base.padEnd(52)} ${verdict}`);
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(
      join(ROOT, 'bench', 'results', 'openapiHub.json'),
      `${JSON.stringify({ toolCount, listBytes: response.length, importMs, coldMs, listMs: hubMs, baselineMs: baseMs, ratio: hubMs / baseMs, rssMb: rss, runs: RUNS, target: TARGET_LIST_MS }, null, 2)}\n`,
    );
    if (hubMs > TARGET_LIST_MS) process.exitCode = 1;
  } finally {
    agent.destroy();
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.exitCode !== null ? undefined : new Promise((r) => child.once('exit', r)))));
    rmSync(home, { recursive: true, force: true });
  }
}

await main();
