import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isHubError } from '../../hub/core/errors';
import type { PriorVerdict, VerdictStore } from '../../hub/upstream';
import { Harness, isAlive, recordEvents, stdioFixture, waitFor } from '../fixtures/servers/upstreamHarness';

const h = new Harness();
afterEach(() => h.cleanup());

function memoryVerdicts(initial?: PriorVerdict): VerdictStore & { saved: PriorVerdict[]; current?: PriorVerdict } {
  const store = {
    saved: [] as PriorVerdict[],
    current: initial,
    load: () => store.current,
    save: (verdict: PriorVerdict) => {
      store.saved.push(verdict);
      store.current = verdict;
    },
  };
  return store;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('McpUpstream over stdio (fixtures)', () => {
  it('connects to a 2026-07-28 server, lists and calls tools, maps every field', async () => {
    const upstream = h.upstream(stdioFixture('echo'), { name: 'echo' });
    const state = await upstream.start();
    expect(state).toMatchObject({ status: 'running', era: 'modern', protocolVersion: '2026-07-28', serverInfo: { name: 'echo-fixture' } });
    expect(upstream.instructions()).toContain('Echo fixture');
    expect(upstream.capabilities()?.tools).toEqual({ listChanged: true });

    const [tools, again] = await Promise.all([upstream.listTools(), upstream.listTools()]);
    expect(again).toBe(tools); // concurrent calls share one request
    const echo = tools.find((tool) => tool.name === 'echo');
    expect(echo).toMatchObject({ title: 'Echo', annotations: { readOnlyHint: true }, _meta: { 'fixture/kind': 'echo' } });
    expect(echo?.inputSchema).toMatchObject({ type: 'object', properties: { text: { type: 'string' } } });

    const result = await upstream.callTool('echo', { text: 'hi' });
    expect(result.content).toEqual([{ type: 'text', text: 'echo: hi' }]);
    expect(result._meta?.['io.modelcontextprotocol/serverInfo']).toBeUndefined();

    const prompt = await upstream.getPrompt('greet', { name: 'Ada' });
    expect(JSON.stringify(prompt.messages)).toContain('Say hello to Ada');
    const resource = await upstream.readResource('fixture://hello');
    expect(resource.contents).toEqual([{ uri: 'fixture://hello', mimeType: 'text/plain', text: 'hello' }]);
    expect((await upstream.listResources()).map((r) => r.uri)).toEqual(['fixture://hello']);
  });

  it('detects a 2025-only server and talks the legacy era', async () => {
    const upstream = h.upstream(stdioFixture('legacy-push'));
    expect(await upstream.start()).toMatchObject({ status: 'running', era: 'legacy', protocolVersion: '2025-11-25' });
    expect((await upstream.callTool('echo', { text: 'old' })).content).toEqual([{ type: 'text', text: 'echo: old' }]);
  });

  it('caches the era verdict: the second connect does not probe, a stale verdict is re-probed', async () => {
    const log = join(h.tempDir(), 'starts.log');
    writeFileSync(log, '');
    const starts = (): number => readFileSync(log, 'utf8').split('\n').filter(Boolean).length;
    const verdicts = memoryVerdicts();

    const first = h.upstream(stdioFixture('echo', { START_LOG: log }), { verdicts });
    await first.start();
    expect(starts()).toBe(2); // the probe ran on a sibling process, then the session process
    expect(verdicts.current).toMatchObject({ kind: 'modern', discover: { supportedVersions: ['2026-07-28'] } });
    await first.dispose();

    const second = h.upstream(stdioFixture('echo', { START_LOG: log }), { verdicts });
    expect(await second.start()).toMatchObject({ status: 'running', era: 'modern' });
    expect(starts()).toBe(3); // one process: no probe
    expect(verdicts.saved).toHaveLength(1);
    await second.dispose();

    // Older than 24 h: probe again and store a fresh verdict.
    verdicts.current = { ...verdicts.current!, storedAt: Date.now() - 25 * 60 * 60 * 1000 };
    const third = h.upstream(stdioFixture('echo', { START_LOG: log }), { verdicts });
    await third.start();
    expect(starts()).toBe(5);
    expect(verdicts.saved).toHaveLength(2);
  });

  it('recovers from a wrong modern verdict by probing again', async () => {
    const verdicts = memoryVerdicts({
      kind: 'modern',
      discover: { supportedVersions: ['2026-07-28'], capabilities: { tools: {} }, resultType: 'complete', ttlMs: 0, cacheScope: 'private' },
      storedAt: Date.now(),
    });
    const upstream = h.upstream(stdioFixture('legacy-push'), { verdicts });
    expect(await upstream.start()).toMatchObject({ status: 'running', era: 'legacy' });
    expect(verdicts.current).toMatchObject({ kind: 'legacy' });
  });

  it('uses a legacy verdict without probing (both-era server served as 2025)', async () => {
    const upstream = h.upstream(stdioFixture('echo'), { verdicts: memoryVerdicts({ kind: 'legacy', storedAt: Date.now() }) });
    expect(await upstream.start()).toMatchObject({ status: 'running', era: 'legacy' });
    expect((await upstream.callTool('era', {})).content).toEqual([{ type: 'text', text: 'legacy' }]);
  });

  it('reports a server that exits at startup with its stderr, and keeps retrying with backoff', async () => {
    const upstream = h.upstream(stdioFixture('crash'), { name: 'crash', readyTimeoutMs: 200 });
    const events = recordEvents(upstream);
    const state = await upstream.start();
    expect(state.status).toBe('error');
    if (state.status !== 'error') throw new Error('unreachable');
    expect(state.message).toMatch(/^"crash" exited with code 1\. Last stderr: crash-fixture: about to fail/);
    expect(state.attempt).toBe(1);
    expect(state.retryAt).toBeDefined();
    expect(upstream.stderrTail().some((line) => line.includes('about to fail'))).toBe(true);
    await waitFor(() => upstream.state.status === 'error' && upstream.state.attempt >= 3, 'three failed attempts');
    const starting = events.flatMap((e) => (e.kind === 'state' && e.state.status === 'starting' ? [e.state.attempt] : []));
    expect(starting.slice(0, 3)).toEqual([1, 2, 3]);
    // Calls wait a short while for the restart, then fail with the last error.
    const error = await rejection(upstream.callTool('echo', { text: 'x' }));
    expect(isHubError(error) && error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect((error as Error).message).toContain('did not become ready within 200 ms');
  });

  it('fails the in-flight call promptly when the process dies, then restarts and works again', async () => {
    const upstream = h.upstream(stdioFixture('crash', { CRASH_AFTER_CALLS: '1' }), { name: 'crash' });
    await upstream.start();
    const firstPid = upstream.pid();
    expect(firstPid).toBeTypeOf('number');
    expect((await upstream.callTool('echo', { text: 'a' })).content).toEqual([{ type: 'text', text: 'echo: a' }]);

    const started = Date.now();
    const error = await rejection(upstream.callTool('echo', { text: 'b' }));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(isHubError(error) && error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect((error as Error).message).toContain('"crash" exited with code 1');
    expect((error as Error).message).toContain('crash-fixture: about to fail');

    await waitFor(() => upstream.state.status === 'running', 'automatic restart');
    expect(upstream.pid()).not.toBe(firstPid);
    expect(isAlive(firstPid!)).toBe(false);
    expect((await upstream.callTool('echo', { text: 'c' })).content).toEqual([{ type: 'text', text: 'echo: c' }]);
  });

  it('times out a hanging call and cancels it upstream', async () => {
    const upstream = h.upstream(stdioFixture('hang'));
    await upstream.start();
    const error = await rejection(upstream.callTool('hang', {}, { timeoutMs: 300 }));
    expect(isHubError(error) && error.code).toBe('UPSTREAM_TIMEOUT');
    expect((error as Error).message).toContain('300 ms');
    await waitFor(() => upstream.stderrTail().some((line) => line.includes('hang-fixture: cancelled')), 'cancellation to reach the server');
    expect((await upstream.callTool('ping_tool', {})).content).toEqual([{ type: 'text', text: 'pong' }]);
  });

  it('aborting the signal cancels the upstream request', async () => {
    const upstream = h.upstream(stdioFixture('hang'));
    await upstream.start();
    const controller = new AbortController();
    const call = upstream.callTool('hang', {}, { signal: controller.signal });
    await waitFor(() => upstream.stderrTail().some((line) => line.includes('hang-fixture: started')), 'the call to start');
    controller.abort('user pressed stop');
    const error = await rejection(call);
    expect(isHubError(error) && error.code).toBe('CANCELLED');
    await waitFor(() => upstream.stderrTail().some((line) => line.includes('hang-fixture: cancelled user pressed stop')), 'cancellation upstream');
  });

  it('lists 2,000 tools', async () => {
    const upstream = h.upstream(stdioFixture('many-tools'));
    await upstream.start();
    const tools = await upstream.listTools();
    expect(tools).toHaveLength(2000);
    expect(tools[1999]?.name).toBe('tool_1999');
  });

  for (const era of ['modern', 'legacy'] as const) {
    it(`invalidates the tool list on list_changed and forwards resource updates (${era})`, async () => {
      const verdicts = era === 'legacy' ? memoryVerdicts({ kind: 'legacy', storedAt: Date.now() }) : undefined;
      const upstream = h.upstream(stdioFixture('list-changes'), { ...(verdicts && { verdicts }) });
      const events = recordEvents(upstream);
      expect(await upstream.start()).toMatchObject({ era });
      const before = await upstream.listTools();
      expect(before.map((t) => t.name).sort()).toEqual(['add_tool', 'touch']);
      expect(await upstream.listTools()).toBe(before); // cached

      await upstream.callTool('add_tool', { name: `fresh_${era}` });
      await waitFor(() => events.some((e) => e.kind === 'tools_list_changed'), 'tools_list_changed');
      const after = await upstream.listTools();
      expect(after.map((t) => t.name)).toContain(`fresh_${era}`);
      expect((await upstream.callTool(`fresh_${era}`, {})).content).toEqual([{ type: 'text', text: `fresh_${era} works` }]);

      await upstream.subscribeResource('fixture://doc');
      await upstream.callTool('touch', { uri: 'fixture://doc' });
      await waitFor(() => events.some((e) => e.kind === 'resource_updated' && e.uri === 'fixture://doc'), 'resource_updated');
      await upstream.unsubscribeResource('fixture://doc');
    });
  }

  it('forwards progress and log messages of a call', async () => {
    const upstream = h.upstream(stdioFixture('echo'));
    const events = recordEvents(upstream);
    await upstream.start();
    const progress: number[] = [];
    const logs: unknown[] = [];
    const result = await upstream.callTool('progress', { steps: 3 }, { onProgress: (p) => progress.push(p.progress) });
    expect(result.content).toEqual([{ type: 'text', text: 'done 3' }]);
    expect(progress).toEqual([1, 2, 3]);
    await upstream.callTool('echo', { text: 'logged' }, { onLog: (m) => logs.push(m.data) });
    expect(logs).toEqual(['echoing logged']);
    expect(events.some((e) => e.kind === 'log' && e.message.data === 'echoing logged')).toBe(true);
  });

  it('turns a JSON-RPC error from the server into UPSTREAM_ERROR with the code', async () => {
    const upstream = h.upstream(stdioFixture('echo'));
    await upstream.start();
    const error = await rejection(upstream.readResource('fixture://missing'));
    expect(isHubError(error) && error.code).toBe('UPSTREAM_ERROR');
    expect((error as { details?: { code?: unknown } }).details?.code).toBeTypeOf('number');
  });

  it('fails calls at once while stopped', async () => {
    const upstream = h.upstream(stdioFixture('echo'));
    const error = await rejection(upstream.listTools());
    expect(isHubError(error) && error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect((error as Error).message).toContain('is stopped');
  });

  it('dispose leaves no process or timer behind', async () => {
    const upstream = h.upstream(stdioFixture('crash', { CRASH_AFTER_CALLS: '0' }));
    await upstream.start();
    const pid = upstream.pid()!;
    expect(isAlive(pid)).toBe(true);
    await upstream.callTool('echo', { text: 'x' }).catch(() => undefined); // crash -> restart timer pending
    await waitFor(() => upstream.state.status === 'error' || upstream.state.status === 'starting', 'the crash');
    await upstream.dispose();
    expect(upstream.state).toEqual({ status: 'stopped' });
    expect(isAlive(pid)).toBe(false);
    expect(h.clock.pending).toBe(0);
  });
});
