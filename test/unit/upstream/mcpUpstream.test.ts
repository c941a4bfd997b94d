// McpUpstream against in-process servers (InMemoryTransport) with a manual clock: the state machine,
// backoff and its reset, in-flight failure on a dropped connection, list caching and invalidation.
import { InMemoryTransport } from '@modelcontextprotocol/client';
import { McpServer } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Clock } from '../../../hub/core/clock';
import { silentLogger } from '../../../hub/core/logger';
import type { ResolvedTransport } from '../../../hub/upstream';
import { McpUpstream } from '../../../hub/upstream';

class ManualClock implements Clock {
  time = 1_000_000;
  private timers: Array<{ at: number; fn: () => void; live: boolean }> = [];
  now(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number): { cancel(): void } {
    const timer = { at: this.time + ms, fn, live: true };
    this.timers.push(timer);
    return { cancel: () => void (timer.live = false) };
  }
  get pending(): number {
    return this.timers.filter((t) => t.live).length;
  }
  advance(ms: number): void {
    this.time += ms;
    for (const timer of this.timers) {
      if (timer.live && timer.at <= this.time) {
        timer.live = false;
        timer.fn();
      }
    }
    this.timers = this.timers.filter((t) => t.live);
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

/** An in-process server serving both eras, with a handle to drop the connection from its side. */
function inProcessServer(): { transport: () => Promise<ResolvedTransport>; drop: () => Promise<void>; fail: boolean; calls: number; started: number } {
  let serverSide: InMemoryTransport | undefined;
  const state = {
    fail: false,
    calls: 0,
    started: 0,
    transport: async (): Promise<ResolvedTransport> => {
      if (state.fail) throw new Error('the server is down');
      const [client, server] = InMemoryTransport.createLinkedPair();
      serverSide = server;
      serveStdio(
        () => {
          const mcp = new McpServer({ name: 'in-process', version: '1.0.0' });
          mcp.registerTool('count', { description: 'Counts calls' }, async () => ({ content: [{ type: 'text', text: String(++state.calls) }] }));
          mcp.registerTool('never', { description: 'Never answers' }, () => {
            state.started++;
            return new Promise(() => undefined);
          });
          return mcp;
        },
        { transport: server },
      );
      return { type: 'in-memory', transport: client };
    },
    drop: async () => {
      await serverSide?.close();
    },
  };
  return state;
}

const upstreams: McpUpstream[] = [];
afterEach(async () => {
  await Promise.all(upstreams.splice(0).map((u) => u.dispose()));
});

function make(server: ReturnType<typeof inProcessServer>, clock: ManualClock): McpUpstream {
  const upstream = new McpUpstream({ name: 'mem', transport: server.transport, logger: silentLogger, clock, readyTimeoutMs: 50 });
  upstreams.push(upstream);
  return upstream;
}

describe('McpUpstream (in-process)', () => {
  it('retries failed connects with exponential backoff and recovers', async () => {
    const clock = new ManualClock();
    const server = inProcessServer();
    server.fail = true;
    const upstream = make(server, clock);
    const state = await upstream.start();
    expect(state).toMatchObject({ status: 'error', attempt: 1, retryAt: new Date(clock.time + 500).toISOString() });
    expect(state.status === 'error' && state.message).toContain('the server is down');
    clock.advance(499);
    expect(upstream.state).toMatchObject({ status: 'error', attempt: 1 });
    clock.advance(1);
    await until(() => upstream.state.status === 'error' && upstream.state.attempt === 2, 'second failure');
    expect(upstream.state).toMatchObject({ retryAt: new Date(clock.time + 1000).toISOString() });
    server.fail = false;
    clock.advance(1000);
    await until(() => upstream.state.status === 'running', 'running');
    expect(upstream.state).toMatchObject({ status: 'running', era: 'modern', serverInfo: { name: 'in-process' } });
  });

  it('fails in-flight calls when the connection drops, restarts, and resets the backoff after 60 s healthy', async () => {
    const clock = new ManualClock();
    const server = inProcessServer();
    const upstream = make(server, clock);
    await upstream.start();
    const tools = await upstream.listTools();
    expect(tools.map((t) => t.name)).toEqual(['count', 'never']);

    const call = upstream.callTool('never', {}).catch((e: unknown) => e);
    await until(() => server.started === 1, 'the call to reach the server');
    await server.drop();
    expect(await call).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    await until(() => upstream.state.status === 'error', 'error after the drop');
    expect(upstream.state).toMatchObject({ status: 'error', attempt: 1 });
    expect(upstream.state.status === 'error' && upstream.state.message).toContain('Lost the connection to "mem"');
    // While reconnecting, calls wait a short while and then fail.
    const waiting = upstream.callTool('count', {}).catch((e: unknown) => e);
    await until(() => clock.pending === 2, 'the call to wait for the reconnect'); // retry timer + ready bound
    clock.advance(50);
    expect(await waiting).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    clock.advance(450);
    await until(() => upstream.state.status === 'running', 'restart');
    expect(await upstream.listTools()).not.toBe(tools); // the cache did not survive the reconnect
    await server.drop();
    await until(() => upstream.state.status === 'error', 'second drop');
    expect(upstream.state).toMatchObject({ attempt: 2 }); // unhealthy: backoff keeps growing

    clock.advance(1000);
    await until(() => upstream.state.status === 'running', 'second restart');
    clock.advance(60_000);
    await server.drop();
    await until(() => upstream.state.status === 'error', 'third drop');
    expect(upstream.state).toMatchObject({ attempt: 1 }); // healthy for 60 s: backoff starts over
  });

  it('stop() cancels the retry timer; start() again works', async () => {
    const clock = new ManualClock();
    const server = inProcessServer();
    server.fail = true;
    const upstream = make(server, clock);
    await upstream.start();
    expect(clock.pending).toBe(1);
    await upstream.stop();
    expect(clock.pending).toBe(0);
    expect(upstream.state).toEqual({ status: 'stopped' });
    server.fail = false;
    expect(await upstream.start()).toMatchObject({ status: 'running' });
    expect((await upstream.callTool('count', {})).content).toEqual([{ type: 'text', text: '1' }]);
  });
});

describe('McpUpstream while `serve` holds the SDK side (hub/upstream/wireLoader.ts)', () => {
  it('stays starting with its remembered list, and connects as soon as a call needs the connection', async () => {
    // A fresh loader: the tests above loaded the SDK side already.
    vi.resetModules();
    const { holdWire } = await import('../../../hub/upstream/wireLoader');
    const { McpUpstream: FreshUpstream } = await import('../../../hub/upstream/mcpUpstream');
    holdWire();
    const server = inProcessServer();
    const remembered = JSON.stringify([{ name: 'count', inputSchema: { type: 'object' } }]);
    const upstream = new FreshUpstream({
      name: 'mem',
      transport: server.transport,
      logger: silentLogger,
      clock: new ManualClock(),
      memory: { load: (kind) => (kind === 'tools' ? remembered : undefined), save: () => undefined },
    });
    upstreams.push(upstream);
    void upstream.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(upstream.state.status).toBe('starting');
    expect(upstream.rememberedList('tools')?.map((tool) => tool.name)).toEqual(['count']);
    // Nothing released the hold but the call itself.
    expect((await upstream.callTool('count', {})).content).toEqual([{ type: 'text', text: '1' }]);
    expect(upstream.state.status).toBe('running');
  });
});
