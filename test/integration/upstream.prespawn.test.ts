import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JSONRPCMessage } from '@modelcontextprotocol/client';
import type { PriorVerdict, VerdictStore } from '../../hub/upstream';
import { AdoptedStdioTransport } from '../../hub/upstream/adoptedStdioTransport';
import { PrespawnPool, inheritedEnvironment } from '../../hub/upstream/prespawn';
import type { SpawnSpec } from '../../hub/upstream/prespawn';
import { Harness, REPO, fixturePath, isAlive, stdioFixture, waitFor } from '../fixtures/servers/upstreamHarness';

// Children spawned before the hub loaded (serve's pre-spawn), adopted by the first connect of their
// server: real fixture processes over real pipes.

const h = new Harness();
let pool: PrespawnPool | undefined;
afterEach(async () => {
  pool?.dispose();
  pool = undefined;
  await h.cleanup();
});

function memoryVerdicts(): VerdictStore & { current?: PriorVerdict } {
  const store: VerdictStore & { current?: PriorVerdict } = {
    load: () => store.current,
    save: (verdict) => {
      store.current = verdict;
    },
  };
  return store;
}

/** A modern verdict for the echo fixture, from a real probe. */
async function echoVerdicts(): Promise<VerdictStore & { current?: PriorVerdict }> {
  const verdicts = memoryVerdicts();
  const probe = h.upstream(stdioFixture('echo'), { verdicts });
  await probe.start();
  await probe.dispose();
  expect(verdicts.current).toMatchObject({ kind: 'modern' });
  return verdicts;
}

function startLog(): { file: string; pids: () => number[] } {
  const file = join(h.tempDir(), 'starts.log');
  writeFileSync(file, '');
  return { file, pids: () => readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number) };
}

/** What McpUpstream's stdio connect spawns for `node ARGS` (the echo fixture by default) with `env`. */
function echoSpec(env: Record<string, string>, args: string[] = [fixturePath('echo')]): SpawnSpec {
  return { command: process.execPath, args, env: { ...inheritedEnvironment(), ...env }, cwd: REPO };
}

describe('pre-spawned stdio upstreams', () => {
  it('adopts the child: one process, its pid, its early stderr, calls work', async () => {
    const verdicts = await echoVerdicts();
    const log = startLog();
    const env = { START_LOG: log.file };
    // A server that writes to stderr while it boots, before anyone adopts it.
    const args = ['--input-type=module', '-e', `process.stderr.write('booting early\\n'); await import(${JSON.stringify(`file://${fixturePath('echo')}`)});`];
    pool = new PrespawnPool();
    pool.spawn('srv-1', 'v1', echoSpec(env, args));
    await waitFor(() => log.pids().length === 1, 'the pre-spawned child to start');
    const [childPid] = log.pids();

    const taken: SpawnSpec[] = [];
    const upstream = h.upstream(
      { type: 'stdio', command: process.execPath, args, env, cwd: REPO },
      {
        verdicts,
        adopt: (spec) => {
          taken.push(spec);
          return pool!.take('srv-1', 'v1', spec);
        },
      },
    );
    expect(await upstream.start()).toMatchObject({ status: 'running', era: 'modern' });
    expect(taken).toHaveLength(1);
    expect(upstream.pid()).toBe(childPid);
    expect(log.pids()).toEqual([childPid]);
    expect(upstream.stderrTail()).toContain('booting early');
    expect((await upstream.callTool('echo', { text: 'hi' })).content).toEqual([{ type: 'text', text: 'echo: hi' }]);
    expect(pool.size).toBe(0);

    // A restart after the child dies spawns normally (the pool is spent).
    process.kill(childPid!, 'SIGKILL');
    await waitFor(() => log.pids().length === 2 && upstream.state.status === 'running', 'a restart with a fresh process', 20_000);
    expect(upstream.pid()).toBe(log.pids()[1]);
    await upstream.dispose();
    await waitFor(() => !isAlive(childPid!), 'the adopted child to be gone');
  });

  it('does not adopt a child spawned with other parameters, and stops it', async () => {
    const verdicts = await echoVerdicts();
    const log = startLog();
    pool = new PrespawnPool();
    pool.spawn('srv-1', 'v1', echoSpec({ START_LOG: log.file, MODE: 'old' }));
    await waitFor(() => log.pids().length === 1, 'the pre-spawned child to start');
    const [stale] = log.pids();

    const upstream = h.upstream(stdioFixture('echo', { START_LOG: log.file, MODE: 'new' }), { verdicts, adopt: (spec) => pool!.take('srv-1', 'v1', spec) });
    expect(await upstream.start()).toMatchObject({ status: 'running' });
    expect(upstream.pid()).not.toBe(stale);
    expect(log.pids()).toHaveLength(2);
    await waitFor(() => !isAlive(stale!), 'the unadopted child to be stopped');
  });

  it('does not adopt a child of another config version', async () => {
    const verdicts = await echoVerdicts();
    const log = startLog();
    pool = new PrespawnPool();
    pool.spawn('srv-1', 'v1', echoSpec({ START_LOG: log.file }));
    await waitFor(() => log.pids().length === 1, 'the pre-spawned child to start');
    const upstream = h.upstream(stdioFixture('echo', { START_LOG: log.file }), { verdicts, adopt: (spec) => pool!.take('srv-1', 'v2', spec) });
    await upstream.start();
    expect(upstream.pid()).not.toBe(log.pids()[0]);
    await waitFor(() => !isAlive(log.pids()[0]!), 'the unadopted child to be stopped');
  });

  it('without a cached verdict the SDK probes and spawns as usual; the pool child is left for dispose', async () => {
    const log = startLog();
    pool = new PrespawnPool();
    pool.spawn('srv-1', 'v1', echoSpec({ START_LOG: log.file }));
    await waitFor(() => log.pids().length === 1, 'the pre-spawned child to start');
    const [early] = log.pids();
    let offered = 0;
    const upstream = h.upstream(stdioFixture('echo', { START_LOG: log.file }), {
      verdicts: memoryVerdicts(),
      adopt: (spec) => {
        offered++;
        return pool!.take('srv-1', 'v1', spec);
      },
    });
    expect(await upstream.start()).toMatchObject({ status: 'running' });
    expect(offered).toBe(0);
    expect(upstream.pid()).not.toBe(early);
    expect(pool.size).toBe(1);
    pool.dispose();
    expect(pool.size).toBe(0);
    await waitFor(() => !isAlive(early!), 'dispose to stop the child');
  });

  it('does not hand out a child that already exited, nor one that could not be spawned', async () => {
    const log = startLog();
    pool = new PrespawnPool();
    const dying: SpawnSpec = { command: process.execPath, args: ['-e', `require('node:fs').appendFileSync(${JSON.stringify(log.file)}, '1\\n'); process.exit(3)`], env: inheritedEnvironment() };
    pool.spawn('srv-1', 'v1', dying);
    await waitFor(() => log.pids().length === 1, 'the child to run and exit');
    await new Promise((resolve) => setTimeout(resolve, 300)); // let its exit be reaped
    expect(pool.take('srv-1', 'v1', dying)).toBeUndefined();
    // A command that does not exist is not an error here: the hub's own spawn reports it.
    pool.spawn('srv-2', 'v1', { command: join(h.tempDir(), 'no-such-command'), args: [], env: {} });
    await waitFor(() => pool!.size === 0, 'the failed spawn to be dropped');
  });
});

describe('the adopted child transport', () => {
  it('settles a send whose write was still queued when the child went away (no wait for a drain that never comes)', async () => {
    // A child that never reads its stdin: a large message stays queued in the pipe.
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const transport = new AdoptedStdioTransport(child);
    await transport.start();
    const big = { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'x'.repeat(4 * 1024 * 1024) } } as JSONRPCMessage;
    const sending = transport.send(big);
    expect(child.stdin!.writableNeedDrain).toBe(true);
    child.kill('SIGKILL');
    await expect(sending).rejects.toThrow();
    await transport.close();
  }, 10_000);
});
