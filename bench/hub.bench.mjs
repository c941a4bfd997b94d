#!/usr/bin/env node
// Hub benchmark (issue "hub core"). Measures, in one run, a tiny upstream directly and through the
// hub, interleaved, and prints each figure next to its baseline and target:
//   1. tools/call added p50 latency (hub path minus direct path)            target <= 0.2 ms
//      (hub and direct calls in turn; the bare relay's in blocks of their own, see pairedBlocks)
//   2. hub CPU per call (hub process only, all threads, from /proc; median of blocks) target <= 250 us
//      (next to it, for reference: a bare Node relay, bench/bareRelay.mjs, measured the same way)
//   3. throughput at 64 in flight, hub / direct                               target >= 0.95x
//   4. tools/list through /mcp with 20 upstreams x 500 tools (10,000 tools)  target p50 <= 50 ms
//   5. cold start: spawn `patchbay serve` to first successful tools/list      target <= 0.5 s
//      (a known server: its list is the one remembered from the last run until it runs; the first
//      tools/call, which needs the live upstream, is printed beside it)
//   6. idle RSS of `patchbay serve` with 5 upstreams connected, settled      target <= 80 MB
// Usage: npm run build && node bench/hub.bench.mjs [--quick] [--only calls|list|cold|rss]
// Requests are raw HTTP (keep-alive) replaying exactly what the SDK client sends, so the client's
// own cost is the same on both paths and small.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'bin', 'patchbay.mjs');
const SERVERS = join(ROOT, 'test', 'fixtures', 'servers');
const QUICK = process.argv.includes('--quick');
const N = QUICK ? 500 : 3000;
// Calls each path gets before anything is measured. V8 compiles a relay's code path over its first
// thousands of calls: the hub's CPU per call, read in blocks of 500 from its first call, went
// 941, 627, 618, 487, 316, 307, 253, 236, 233 ... 228 us here, flat after about 3,500 calls, while
// it optimised some 160 functions. The bench measures the paths as they run for hours, warmed alike.
const WARMUP = QUICK ? 1000 : 5000;
const results = [];

// ---- helpers --------------------------------------------------------------------------------------

function tempHome() {
  const home = mkdtempSync(join(tmpdir(), 'patchbay-bench-'));
  return { home, env: { ...process.env, PATCHBAY_HOME: home, PATCHBAY_SECRET_STORE: 'file', PATCHBAY_LOG_LEVEL: 'error' } };
}

function cli(env, args) {
  const out = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`patchbay ${args.join(' ')}: ${out.stderr}`);
  return out.stdout;
}

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

async function startHub(env) {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--json'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const info = JSON.parse(await firstLine(child));
  return { child, ...info };
}

async function startTinyUpstream() {
  const child = spawn(process.execPath, [join(SERVERS, 'http-server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = (await firstLine(child)).trim();
  return { child, url };
}

/** Latencies in ms of each path (sorted), calling one after another in turn, `rounds` times. */
async function interleaved(paths, rounds = N) {
  const latencies = paths.map(() => []);
  for (let i = 0; i < rounds; i++) {
    for (let p = 0; p < paths.length; p++) {
      const t = process.hrtime.bigint();
      await paths[p]();
      latencies[p].push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  return latencies.map((l) => l.sort((x, y) => x - y));
}

/**
 * Latencies in ms (sorted) of `direct` and of each relay, in blocks of 100 rounds that alternate
 * between the relays; a round is one direct call, then one call through the block's relay. Returns
 * [direct, relay] per relay, the direct calls being those of that relay's blocks.
 */
async function pairedBlocks(direct, relays) {
  const out = relays.map(() => [[], []]);
  const block = 100;
  for (let done = 0; done < N; done += block) {
    for (let r = 0; r < relays.length; r++) {
      const [d, via] = await interleaved([direct, relays[r]], block);
      out[r][0].push(...d);
      out[r][1].push(...via);
    }
  }
  return out.map((pair) => pair.map((l) => l.sort((x, y) => x - y)));
}

async function startBareRelay(upstreamUrl) {
  const child = spawn(process.execPath, [join(ROOT, 'bench', 'bareRelay.mjs'), upstreamUrl], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = (await firstLine(child)).trim();
  return { child, url };
}

// `timeout` makes Node's Agent honour a server's `Keep-Alive: timeout=N` hint (it drops an idle
// socket a second before the server would; without a timeout of its own it keeps idle sockets
// forever). Otherwise a throughput round that reuses sockets idle for about 5 s races the
// upstream's close of them and can fail with ECONNRESET.
const agent = new Agent({ keepAlive: true, maxSockets: 128, timeout: 60_000 });

function post(url, headers, body) {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { ...headers, 'Content-Length': Buffer.byteLength(body) }, agent }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks).toString()) : reject(new Error(`HTTP ${res.statusCode}: ${Buffer.concat(chunks)}`))));
    });
    req.on('error', (error) => reject(new Error(`POST ${url}: ${error.message}`, { cause: error })));
    req.end(body);
  });
}

/** A 2026-07-28 request exactly as the SDK client would send it (stateless: no session). */
function modernRequest(method, params) {
  const meta = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1.0.0' },
    'io.modelcontextprotocol/clientCapabilities': {},
  };
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: { ...params, _meta: meta } });
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'MCP-Protocol-Version': '2026-07-28', 'Mcp-Method': method };
  if (method === 'tools/call') headers['Mcp-Name'] = params.name;
  return { body, headers };
}

function pct(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** The median of unsorted values. */
function median(values) {
  return pct([...values].sort((a, b) => a - b), 50);
}

/** CPU time of a process (all its threads) in microseconds, to the nanosecond where Linux has schedstat. */
function cpuMicros(pid) {
  try {
    let ns = 0;
    for (const task of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    return ns / 1000;
  } catch {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks
    return (ticks * 1e6) / 100; // CLK_TCK = 100 on Linux
  }
}

/** The direct children of a process (Linux). */
function childrenOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function rssMb(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line.split(/\s+/)[1]) / 1024;
}

function report(name, value, unit, baseline, baselineName, target, ok) {
  results.push({ name, value, unit, baseline, baselineName, target, ok });
  const ratio = baseline ? ` (${(value / baseline).toFixed(2)}x ${baselineName} = ${baseline.toFixed(3)} ${unit})` : '';
  process.stdout.write(`${ok ? 'PASS' : 'MISS'}  ${name}: ${value.toFixed(3)} ${unit}${ratio}  target ${target}\n`);
}

async function waitForTools(endpoint, headers, predicate, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  const { body, headers: h } = modernRequest('tools/list', {});
  for (;;) {
    try {
      const text = await post(endpoint, { ...h, ...headers }, body);
      if (predicate(text)) return text;
    } catch {
      // not ready yet
    }
    if (Date.now() > deadline) throw new Error(`tools/list at ${endpoint} never satisfied the condition`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

// ---- 1-3: calls, direct vs through the hub -------------------------------------------------------

async function benchCalls() {
  const tiny = await startTinyUpstream();
  const { home, env } = tempHome();
  cli(env, ['server', 'add', 'tiny', '--url', tiny.url, '--transport', 'streamable-http']);
  const token = JSON.parse(cli(env, ['token', 'create', 'bench', '--json'])).token;
  const hub = await startHub(env);
  const auth = { Authorization: `Bearer ${token}` };
  const hubUrl = `${hub.url}/mcp/tiny`;
  await waitForTools(hubUrl, auth, (text) => text.includes('"echo"'));
  // Reference, not a target: a relay in Node built from the usual parts (bench/bareRelay.mjs: node:http
  // in, undici out, nothing else), measured the same ways. The hub's upstream client is leaner than
  // undici; what it adds above the reference is its own work: auth, routing, access, audit, protocol
  // checks.
  const bare = await startBareRelay(tiny.url);
  const call = modernRequest('tools/call', { name: 'echo', arguments: { text: 'x' } });
  const direct = () => post(tiny.url, call.headers, call.body);
  const viaHub = () => post(hubUrl, { ...call.headers, ...auth }, call.body);
  const viaBare = () => post(bare.url, call.headers, call.body);
  // The three paths are warmed and measured alike: one call each in turn, so none of them sits idle
  // for long before it is measured. (On this VM a Node process that idled for more than about 5 s
  // pays for it over its next ~1,500 calls: V8 shrinks its young generation after a quiet spell, and
  // touching memory anew costs page faults that are very slow here. A pause hits every path.)
  for (let i = 0; i < WARMUP; i++) {
    await direct();
    await viaHub();
    await viaBare();
  }
  // 1. Latency as the target defines it: the hub's calls interleaved with direct calls, each relay
  // measured against the direct calls of its own blocks. Blocks alternate between the hub and the
  // bare relay, so neither idles for long and the other relay's calls do not run between its own.
  const [[d, h], [bd, bb]] = await pairedBlocks(direct, [viaHub, viaBare]);
  const added = pct(h, 50) - pct(d, 50);
  report('tools/call added p50 latency', added, 'ms', pct(d, 50), 'direct p50', '<= 0.2 ms', added <= 0.2);
  // For comparison, not a target: all three in turn (direct, hub, bare relay), the arrangement of
  // earlier runs. Each relay's calls then come between the other's, which cools its caches: the
  // hub's figure comes out higher here.
  const [d3, h3, b3] = await interleaved([direct, viaHub, viaBare]);
  process.stdout.write(`      (all three in turn: hub +${(pct(h3, 50) - pct(d3, 50)).toFixed(3)} ms, bare relay +${(pct(b3, 50) - pct(d3, 50)).toFixed(3)} ms)\n`);
  // 2. Hub CPU per call. The machine's speed drifts within a run (shared, noisy), so CPU is read over
  // short blocks of calls that alternate between the hub, the bare relay and the upstream directly,
  // and each figure is the median of its blocks: a burst of noise lands on one block of one path,
  // not on a whole path.
  const blocks = 12;
  const perBlock = Math.ceil(N / blocks);
  const cpuOf = async (pid, fn, calls = perBlock) => {
    const before = cpuMicros(pid);
    for (let i = 0; i < calls; i++) await fn();
    return (cpuMicros(pid) - before) / calls;
  };
  const hubCpu = [];
  const bareCpu = [];
  const upstreamCpu = [];
  for (let b = 0; b < blocks; b++) {
    hubCpu.push(await cpuOf(hub.child.pid, viaHub));
    bareCpu.push(await cpuOf(bare.child.pid, viaBare));
    upstreamCpu.push(await cpuOf(tiny.child.pid, direct));
  }
  const perCall = median(hubCpu);
  const barePerCall = median(bareCpu);
  report('hub CPU per call', perCall, 'us', median(upstreamCpu), 'upstream CPU per call', '<= 250 us', perCall <= 250);
  process.stdout.write(`      (per block of ${perBlock} calls: hub ${hubCpu.map((v) => v.toFixed(0)).join(', ')} us; bare relay ${bareCpu.map((v) => v.toFixed(0)).join(', ')} us)\n`);
  process.stdout.write(`      (reference, a bare Node relay: added p50 ${(pct(bb, 50) - pct(bd, 50)).toFixed(3)} ms, ${barePerCall.toFixed(0)} us CPU per call; the hub: ${(perCall / barePerCall).toFixed(2)}x its CPU)\n`);
  // 3. Throughput with 64 in flight.
  const throughput = async (fn) => {
    const total = N * 2;
    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (next++ < total) await fn();
      }),
    );
    return total / (Number(process.hrtime.bigint() - started) / 1e9);
  };
  // Rounds alternate between the two paths (the machine's state drifts over a run), median of each.
  const directRates = [];
  const hubRates = [];
  for (let round = 0; round < 3; round++) {
    directRates.push(await throughput(direct));
    hubRates.push(await throughput(viaHub));
  }
  const directRate = median(directRates);
  const hubRate = median(hubRates);
  report('throughput at 64 in flight (hub/direct)', hubRate / directRate, 'x', 1, 'direct', '>= 0.95x', hubRate / directRate >= 0.95);
  process.stdout.write(`      (direct ${directRate.toFixed(0)} calls/s, hub ${hubRate.toFixed(0)} calls/s; rounds ${directRates.map((r, i) => `${r.toFixed(0)}/${hubRates[i].toFixed(0)}`).join(" ")})\n`);
  if (!QUICK) {
    // Not a target: the first calls after the processes idled for 10 s (see above).
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const hubAfter = await cpuOf(hub.child.pid, viaHub, 500);
    const bareAfter = await cpuOf(bare.child.pid, viaBare, 500);
    process.stdout.write(`      (first 500 calls after 10 s idle: hub ${hubAfter.toFixed(0)} us, bare relay ${bareAfter.toFixed(0)} us CPU per call)\n`);
  }
  bare.child.kill('SIGTERM');
  hub.child.kill('SIGTERM');
  tiny.child.kill('SIGTERM');
  rmSync(home, { recursive: true, force: true });
}

// ---- 4: tools/list with 20 x 500 tools ----------------------------------------------------------

async function benchList() {
  const { home, env } = tempHome();
  for (let i = 0; i < 20; i++) cli(env, ['server', 'add', `many${i}`, '--env', 'TOOL_COUNT=500', '--', process.execPath, join(SERVERS, 'many-tools.mjs')]);
  const token = JSON.parse(cli(env, ['token', 'create', 'bench', '--json'])).token;
  const hub = await startHub(env);
  const auth = { Authorization: `Bearer ${token}` };
  const endpoint = `${hub.url}/mcp`;
  await waitForTools(endpoint, auth, (text) => (text.match(/"name":"many\d+__tool_/g) ?? []).length >= 10_000, 120_000);
  const list = modernRequest('tools/list', {});
  // Baseline: one upstream's 500-tool list, directly over its own stdio is not reachable by HTTP;
  // use the hub's single-server endpoint as the per-server baseline.
  const timings = [];
  const single = [];
  for (let i = 0; i < (QUICK ? 20 : 60); i++) {
    let t = process.hrtime.bigint();
    await post(endpoint, { ...list.headers, ...auth }, list.body);
    timings.push(Number(process.hrtime.bigint() - t) / 1e6);
    t = process.hrtime.bigint();
    await post(`${hub.url}/mcp/many0`, { ...list.headers, ...auth }, list.body);
    single.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  timings.sort((a, b) => a - b);
  single.sort((a, b) => a - b);
  report('tools/list 20 x 500 tools p50', pct(timings, 50), 'ms', pct(single, 50), 'one server of 500 tools', '<= 50 ms', pct(timings, 50) <= 50);
  hub.child.kill('SIGTERM');
  await new Promise((r) => hub.child.once('exit', r));
  rmSync(home, { recursive: true, force: true });
}

// ---- 5: cold start ------------------------------------------------------------------------------

async function benchColdStart() {
  const { home, env } = tempHome();
  cli(env, ['server', 'add', 'echo', '--', process.execPath, join(SERVERS, 'echo.mjs')]);
  const token = JSON.parse(cli(env, ['token', 'create', 'bench', '--json'])).token;
  // First start fills the era-verdict cache, as any real installation has after its first run.
  let hub = await startHub(env);
  await waitForTools(`${hub.url}/mcp`, { Authorization: `Bearer ${token}` }, (text) => text.includes('echo__echo'));
  hub.child.kill('SIGTERM');
  await new Promise((r) => hub.child.once('exit', r));
  const runs = [];
  const baselines = [];
  const bare = [];
  // Where a start goes (for reading the figure, not a target): when the hub printed its endpoint
  // (it listens), and the CPU the hub and its upstream had used by the first list.
  const listening = [];
  const hubCpu = [];
  const upstreamCpu = [];
  const firstCall = [];
  const call = modernRequest('tools/call', { name: 'echo__echo', arguments: { text: 'cold' } });
  for (let i = 0; i < (QUICK ? 3 : 7); i++) {
    let t = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0']);
    bare.push(Number(process.hrtime.bigint() - t) / 1e6);
    // Baseline: the same upstream started and listed directly by a stdio client.
    t = process.hrtime.bigint();
    await listDirectOverStdio(join(SERVERS, 'echo.mjs'));
    baselines.push(Number(process.hrtime.bigint() - t) / 1e6);
    t = process.hrtime.bigint();
    hub = await startHub(env);
    listening.push(Number(process.hrtime.bigint() - t) / 1e6);
    await waitForTools(`${hub.url}/mcp`, { Authorization: `Bearer ${token}` }, (text) => text.includes('echo__echo'));
    runs.push(Number(process.hrtime.bigint() - t) / 1e6);
    hubCpu.push(cpuMicros(hub.child.pid) / 1000);
    upstreamCpu.push(childrenOf(hub.child.pid).reduce((sum, pid) => sum + cpuMicros(pid) / 1000, 0));
    // The call waits for the upstream itself (the hub holds calls while a server starts).
    const answer = await post(`${hub.url}/mcp`, { ...call.headers, Authorization: `Bearer ${token}` }, call.body);
    if (!answer.includes('echo: cold')) throw new Error(`the first call after a cold start failed: ${answer}`);
    firstCall.push(Number(process.hrtime.bigint() - t) / 1e6);
    hub.child.kill('SIGTERM');
    await new Promise((r) => hub.child.once('exit', r));
  }
  bare.sort((a, b) => a - b);
  process.stdout.write(`      (bare \`node -e 0\`: ${pct(bare, 50).toFixed(0)} ms)\n`);
  process.stdout.write(`      (medians: the hub listening after ${median(listening).toFixed(0)} ms; by the first list the hub had used ${median(hubCpu).toFixed(0)} ms of CPU, its upstream ${median(upstreamCpu).toFixed(0)} ms)\n`);
  process.stdout.write(`      (the first tools/call, answered by the live upstream: ${median(firstCall).toFixed(0)} ms after the spawn, median)\n`);
  runs.sort((a, b) => a - b);
  baselines.sort((a, b) => a - b);
  report('cold start to first tools/list (median)', pct(runs, 50) / 1000, 's', pct(baselines, 50) / 1000, 'upstream started + listed directly', '<= 0.5 s', pct(runs, 50) <= 500);
  rmSync(home, { recursive: true, force: true });
}

/** Spawns a stdio upstream and lists its tools with raw JSON-RPC (2025 handshake), then stops it. */
async function listDirectOverStdio(script) {
  const child = spawn(process.execPath, [script], { stdio: ['pipe', 'pipe', 'ignore'] });
  const lines = [];
  let buffer = '';
  const waitFor = (id) =>
    new Promise((resolve) => {
      const check = () => {
        const found = lines.find((line) => line.includes(`"id":${id}`));
        if (found) resolve(found);
        else child.stdout.once('data', check);
      };
      check();
    });
  child.stdout.on('data', (chunk) => {
    buffer += chunk;
    let at;
    while ((at = buffer.indexOf('\n')) >= 0) {
      lines.push(buffer.slice(0, at));
      buffer = buffer.slice(at + 1);
    }
  });
  const send = (message) => child.stdin.write(`${JSON.stringify(message)}\n`);
  send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } } });
  await waitFor(1);
  send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
  await waitFor(2);
  // Gone before the next start is timed, so that its exit does not overlap the hub's start.
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill();
  await exited;
}

// ---- 6: idle RSS ---------------------------------------------------------------------------------

async function benchIdleRss() {
  const { home, env } = tempHome();
  for (let i = 0; i < 5; i++) cli(env, ['server', 'add', `echo${i}`, '--', process.execPath, join(SERVERS, 'echo.mjs')]);
  const token = JSON.parse(cli(env, ['token', 'create', 'bench', '--json'])).token;
  const hub = await startHub(env);
  await waitForTools(`${hub.url}/mcp`, { Authorization: `Bearer ${token}` }, (text) => text.includes('echo4__echo'));
  const idle = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
  // Idle means at rest: V8 gives back the start-up heap (its memory reducer shrinks the young
  // generation) some seconds after the last garbage collection (8-20 s seen here), so sample for
  // 30 s and take the settled level. The level 5 s after the first list is printed too: it is what
  // a hub that just started holds.
  let rss = rssMb(hub.child.pid);
  let early = rss;
  for (let i = 1; i <= 120; i++) {
    await new Promise((r) => setTimeout(r, 250));
    rss = Math.min(rss, rssMb(hub.child.pid));
    if (i === 20) early = rss;
  }
  process.stdout.write(`      (5 s after the first tools/list: ${early.toFixed(1)} MB; settled at 30 s: ${rss.toFixed(1)} MB)\n`);
  report('idle RSS with 5 upstreams', rss, 'MB', rssMb(idle.pid), 'idle bare node', '<= 80 MB', rss <= 80);
  idle.kill();
  hub.child.kill('SIGTERM');
  await new Promise((r) => hub.child.once('exit', r));
  rmSync(home, { recursive: true, force: true });
}

// --only calls|list|cold|rss runs one part.
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
if (!only || only === 'calls') await benchCalls();
if (!only || only === 'list') await benchList();
if (!only || only === 'cold') await benchColdStart();
if (!only || only === 'rss') await benchIdleRss();
agent.destroy();
process.stdout.write(`\n${results.filter((r) => r.ok).length}/${results.length} targets met\n`);
