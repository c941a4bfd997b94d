import { afterEach, describe, expect, it } from 'vitest';
import { isHubError } from '../../hub/core/errors';
import type { PriorVerdict } from '../../hub/upstream';
import { Harness, everythingHttp, freePort, httpFixture, recordEvents, waitFor } from '../fixtures/servers/upstreamHarness';

const h = new Harness();
afterEach(() => h.cleanup());

function http(url: string, mode: 'auto' | 'streamable-http' | 'sse' = 'auto', headers: Record<string, string> = {}) {
  return { type: 'http' as const, url, headers, mode };
}

describe('McpUpstream over HTTP', () => {
  it('Streamable HTTP, 2026 era: list, call, progress, list_changed over the listen stream', async () => {
    const server = await httpFixture();
    h.onCleanup(() => server.kill());
    const upstream = h.upstream(http(server.url));
    const events = recordEvents(upstream);
    expect(await upstream.start()).toMatchObject({ status: 'running', era: 'modern' });
    expect(upstream.transportKind()).toBe('http');
    expect((await upstream.callTool('era', {})).content).toEqual([{ type: 'text', text: 'modern' }]);
    const progress: number[] = [];
    await upstream.callTool('progress', { steps: 2 }, { onProgress: (p) => progress.push(p.progress) });
    expect(progress).toEqual([1, 2]);

    expect((await upstream.listTools()).map((t) => t.name)).not.toContain('late');
    await upstream.callTool('add_tool', { name: 'late' });
    await waitFor(() => events.some((e) => e.kind === 'tools_list_changed'), 'tools_list_changed');
    expect((await upstream.listTools()).map((t) => t.name)).toContain('late');
  });

  it('with a modern verdict, confirms the era and opens the listen stream in one round trip', async () => {
    // Every request waits 300 ms at the server, like one far away.
    const server = await httpFixture({ HOLD_MS: '300' });
    h.onCleanup(() => server.kill());
    let verdict: PriorVerdict | undefined;
    const verdicts = { load: () => verdict, save: (v: PriorVerdict) => void (verdict = v) };
    const probe = h.upstream(http(server.url), { verdicts });
    await probe.start();
    await probe.dispose();
    expect(verdict).toMatchObject({ kind: 'modern' });

    server.output.length = 0;
    const upstream = h.upstream(http(server.url), { verdicts });
    expect(await upstream.start()).toMatchObject({ status: 'running', era: 'modern' });
    const log = server.output.filter((line) => line.startsWith('http-fixture: '));
    // The listen request was on its way before the server answered the era confirmation.
    expect(log.indexOf('http-fixture: received subscriptions/listen')).toBeGreaterThanOrEqual(0);
    expect(log.indexOf('http-fixture: received subscriptions/listen')).toBeLessThan(log.indexOf('http-fixture: answering server/discover'));
  });

  it('Streamable HTTP, 2025 era (legacy verdict), with static headers', async () => {
    const server = await httpFixture({ REQUIRE_HEADER: 'x-api-key=sekrit-value' });
    h.onCleanup(() => server.kill());
    const verdict: PriorVerdict = { kind: 'legacy', storedAt: Date.now() };
    const upstream = h.upstream(http(server.url, 'streamable-http', { 'x-api-key': 'sekrit-value' }), {
      verdicts: { load: () => verdict, save: () => undefined },
    });
    expect(await upstream.start()).toMatchObject({ status: 'running', era: 'legacy' });
    expect((await upstream.callTool('echo', { text: 'h' })).content).toEqual([{ type: 'text', text: 'echo: h' }]);

    const anonymous = h.upstream(http(server.url, 'auto'));
    const state = await anonymous.start();
    expect(state.status).toBe('needs-auth');
    expect(JSON.stringify(state)).not.toContain('sekrit');
  });

  it('cancellation of a 2026-era HTTP request reaches the server', async () => {
    const server = await httpFixture();
    h.onCleanup(() => server.kill());
    const upstream = h.upstream(http(server.url));
    await upstream.start();
    const error = await upstream.callTool('hang', {}, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(isHubError(error) && error.code).toBe('UPSTREAM_TIMEOUT');
    await waitFor(() => server.output.some((line) => line.includes('http-fixture: cancelled')), 'the server to see the cancellation');
  });

  it('a server that goes away: in-flight call fails, error state, reconnects when it is back', async () => {
    const port = await freePort();
    let server = await httpFixture({ PORT: String(port) });
    h.onCleanup(() => server.kill());
    const upstream = h.upstream(http(server.url));
    await upstream.start();
    const call = upstream.callTool('hang', {}).catch((e: unknown) => e);
    await waitFor(() => server.output.some((line) => line.includes('hang started')), 'the call to reach the server');
    await server.kill();
    const error = await call;
    expect(isHubError(error) && error.code).toBe('UPSTREAM_UNAVAILABLE');
    await waitFor(() => upstream.state.status === 'error', 'error state');
    expect(upstream.state.status === 'error' && upstream.state.message).toMatch(/fixture/);
    server = await httpFixture({ PORT: String(port) });
    await waitFor(() => upstream.state.status === 'running', 'reconnect', 20_000);
    expect((await upstream.callTool('echo', { text: 'back' })).content).toEqual([{ type: 'text', text: 'echo: back' }]);
  });

  it('auto mode does not fall back to SSE on a network error', async () => {
    const port = await freePort();
    const upstream = h.upstream(http(`http://127.0.0.1:${port}/mcp`));
    const state = await upstream.start();
    expect(state.status).toBe('error');
    expect(state.status === 'error' && state.message).toContain('Could not reach "fixture"');
  });

  it('server-everything over Streamable HTTP: call and progress', async () => {
    const server = await everythingHttp('streamableHttp');
    h.onCleanup(() => server.kill());
    const upstream = h.upstream(http(server.url), { name: 'everything' });
    expect(await upstream.start()).toMatchObject({ status: 'running', era: 'legacy' });
    expect((await upstream.callTool('echo', { message: 'hey' })).content).toEqual([{ type: 'text', text: 'Echo: hey' }]);
    const progress: Array<{ progress: number; total?: number }> = [];
    const result = await upstream.callTool('trigger-long-running-operation', { duration: 0.3, steps: 3 }, { onProgress: (p) => progress.push(p) });
    expect(JSON.stringify(result.content)).toContain('Long running operation completed');
    expect(progress).toEqual([
      { progress: 1, total: 3 },
      { progress: 2, total: 3 },
      { progress: 3, total: 3 },
    ]);
  });

  it('server-everything over legacy SSE: auto mode falls back on 404', async () => {
    const server = await everythingHttp('sse');
    h.onCleanup(() => server.kill());
    const upstream = h.upstream(http(server.url, 'auto'), { name: 'everything' });
    expect(await upstream.start()).toMatchObject({ status: 'running', era: 'legacy' });
    expect(upstream.transportKind()).toBe('sse');
    expect((await upstream.callTool('echo', { message: 'old' })).content).toEqual([{ type: 'text', text: 'Echo: old' }]);
    await upstream.dispose();
    expect(h.clock.pending).toBe(0);
  });
});
