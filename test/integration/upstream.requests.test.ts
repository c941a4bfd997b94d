// Server-to-client requests: a 2025 upstream pushes them during a call, a 2026-07-28 upstream answers
// `input_required`. Either way they must reach the DownstreamRequester of the call that caused them.
import { afterEach, describe, expect, it } from 'vitest';
import { isHubError } from '../../hub/core/errors';
import { Harness, recordingRequester, stdioFixture, stdioModule, waitFor } from '../fixtures/servers/upstreamHarness';

const h = new Harness();
afterEach(() => h.cleanup());

describe('elicitation, sampling and roots reach the requester', () => {
  it('2025 era: pushed requests go to the in-flight call', async () => {
    const upstream = h.upstream(stdioFixture('legacy-push'));
    expect(await upstream.start()).toMatchObject({ era: 'legacy' });
    const requester = recordingRequester();
    expect((await upstream.callTool('ask', {}, { requester })).content).toEqual([{ type: 'text', text: 'action=accept ok=true' }]);
    expect((await upstream.callTool('sample', {}, { requester })).content).toEqual([{ type: 'text', text: 'model=test-model text=hi' }]);
    expect((await upstream.callTool('roots', {}, { requester })).content).toEqual([{ type: 'text', text: 'roots=1' }]);
    expect(requester.calls.map((c) => c.method)).toEqual(['elicitation/create', 'sampling/createMessage', 'roots/list']);
    expect(requester.calls[0]?.params).toMatchObject({ message: 'Proceed?' });
  });

  it('2025 era: the most recent call with a requester gets the request; none -> a JSON-RPC error', async () => {
    const upstream = h.upstream(stdioFixture('legacy-push'));
    await upstream.start();
    // The older call's elicitation is still waiting on its client when the newer call starts.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const older = recordingRequester();
    const olderElicit = older.elicit.bind(older);
    older.elicit = async (params) => {
      const answer = await olderElicit(params);
      await gate;
      return answer;
    };
    const newer = recordingRequester();
    const first = upstream.callTool('ask', {}, { requester: older });
    await waitFor(() => older.calls.length === 1, 'the older call to be asked');
    const second = await upstream.callTool('ask', {}, { requester: newer });
    expect(second.content).toEqual([{ type: 'text', text: 'action=accept ok=true' }]);
    expect(newer.calls).toHaveLength(1);
    release();
    expect((await first).content).toEqual([{ type: 'text', text: 'action=accept ok=true' }]);
    expect(older.calls).toHaveLength(1);

    const orphan = await upstream.callTool('ask', {});
    expect(orphan.isError).toBe(true);
    expect(JSON.stringify(orphan.content)).toContain('No client is attached');
  });

  it('2026 era: input_required rounds are fulfilled through the requester and retried with requestState', async () => {
    const upstream = h.upstream(stdioFixture('modern-input'));
    expect(await upstream.start()).toMatchObject({ era: 'modern' });
    const requester = recordingRequester();
    const result = await upstream.callTool('confirm', {}, { requester });
    expect(result.content).toEqual([{ type: 'text', text: 'ok=true model=test-model text=hi roots=1 state=stage-2:true:test-model:hi' }]);
    expect(requester.calls.map((c) => c.method).sort()).toEqual(['elicitation/create', 'roots/list', 'sampling/createMessage']);
    expect(requester.calls.find((c) => c.method === 'elicitation/create')?.params).toMatchObject({ message: 'Proceed?' });
  });

  it('2026 era: the downstream capabilities travel with the request', async () => {
    const upstream = h.upstream(stdioFixture('modern-input'));
    await upstream.start();
    // A client without sampling: the server refuses (-32021) instead of asking for it.
    const limited = recordingRequester({ elicitation: { form: {} } });
    const error = await upstream.callTool('confirm', {}, { requester: limited }).catch((e: unknown) => e);
    expect(isHubError(error) && error.code).toBe('UPSTREAM_ERROR');
    expect((error as { details?: { code?: number } }).details?.code).toBe(-32021);
    expect(limited.calls).toHaveLength(0);
    // No requester at all: no capabilities are declared for the call.
    const none = await upstream.callTool('confirm', {}).catch((e: unknown) => e);
    expect((none as { details?: { code?: number } }).details?.code).toBe(-32021);
  });

  it('server-everything: elicitation and sampling over stdio', async () => {
    const upstream = h.upstream(stdioModule('@modelcontextprotocol/server-everything/dist/index.js', ['stdio']), { name: 'everything' });
    expect(await upstream.start()).toMatchObject({ status: 'running', era: 'legacy' });
    const requester = recordingRequester();
    const tools = await upstream.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['echo', 'trigger-elicitation-request', 'trigger-sampling-request']));
    const sampled = await upstream.callTool('trigger-sampling-request', { prompt: 'Say hi', maxTokens: 20 }, { requester });
    expect(JSON.stringify(sampled.content)).toContain('hi');
    expect(requester.calls.some((c) => c.method === 'sampling/createMessage')).toBe(true);
  });
});
