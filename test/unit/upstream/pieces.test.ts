import { describe, expect, it } from 'vitest';
import { ProtocolError, SdkError, SdkErrorCode } from '@modelcontextprotocol/client';
import { HubError } from '../../../hub/core/errors';
import { backoffDelay, DEFAULT_BACKOFF } from '../../../hub/upstream/backoff';
import { toUpstreamError } from '../../../hub/upstream/errors';
import { describeExit, isConnectionLoss } from '../../../hub/upstream/failureMessages';
import { cleanMeta, toToolInfo, toToolResult } from '../../../hub/upstream/mapping';
import { InFlightRegistry } from '../../../hub/upstream/inflight';
import { MAX_INPUT_ROUNDS, runWithInputRequired } from '../../../hub/upstream/serverRequests';
import { StderrRing } from '../../../hub/upstream/stderrRing';
import type { DownstreamRequester } from '../../../hub/upstream/types';

const requester = (log: string[]): DownstreamRequester => ({
  clientCapabilities: {},
  elicit: async () => {
    log.push('elicit');
    return { action: 'accept', content: { ok: true } };
  },
  createMessage: async () => {
    log.push('sample');
    return { model: 'm', role: 'assistant', content: { type: 'text', text: 't' } };
  },
  listRoots: async () => {
    log.push('roots');
    return { roots: [] };
  },
});

describe('StderrRing', () => {
  it('keeps the last lines, joining partial chunks', () => {
    const ring = new StderrRing(3);
    ring.push('one\ntw');
    ring.push('o\nthree\nfour\nfi');
    expect(ring.tail()).toEqual(['three', 'four', 'fi']);
    expect(ring.tail(1)).toEqual(['fi']);
    ring.push('ve\n');
    expect(ring.tail()).toEqual(['three', 'four', 'five']);
  });
});

describe('backoff', () => {
  it('doubles from 500 ms up to 30 s', () => {
    expect([1, 2, 3, 4, 7, 8, 20].map((n) => backoffDelay(DEFAULT_BACKOFF, n))).toEqual([500, 1000, 2000, 4000, 30_000, 30_000, 30_000]);
  });
});

describe('mapping', () => {
  it('keeps every tool field but drops envelope _meta keys', () => {
    const info = toToolInfo({
      name: 't',
      title: 'T',
      inputSchema: { type: 'object' },
      outputSchema: { type: 'object', properties: {} },
      annotations: { readOnlyHint: true },
      icons: [{ src: 'https://x/icon.png' }],
      _meta: { keep: 1, 'io.modelcontextprotocol/serverInfo': { name: 'x', version: '1' } },
      execution: { taskSupport: 'optional' },
    } as Parameters<typeof toToolInfo>[0]);
    expect(info).toEqual({
      name: 't',
      title: 'T',
      inputSchema: { type: 'object' },
      outputSchema: { type: 'object', properties: {} },
      annotations: { readOnlyHint: true },
      icons: [{ src: 'https://x/icon.png' }],
      _meta: { keep: 1 },
      execution: { taskSupport: 'optional' },
    });
    expect(cleanMeta({ 'io.modelcontextprotocol/serverInfo': {} })).toBeUndefined();
    expect(toToolResult({ content: [], structuredContent: { a: 1 }, isError: false })).toEqual({ content: [], structuredContent: { a: 1 }, isError: false });
  });
});

describe('errors', () => {
  const ctx = { server: 'gh', method: 'tools/call', timeoutMs: 60_000 };
  it('keeps the JSON-RPC code of protocol errors', () => {
    const error = toUpstreamError(new ProtocolError(-32602, 'bad args', { field: 'x' }), ctx);
    expect(error.code).toBe('UPSTREAM_ERROR');
    expect(error.details).toEqual({ code: -32602, message: 'bad args', data: { field: 'x' } });
  });
  it('maps timeouts and closed connections', () => {
    expect(toUpstreamError(new SdkError(SdkErrorCode.RequestTimeout, 'Request timed out'), ctx)).toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    expect(toUpstreamError(new SdkError(SdkErrorCode.RequestTimeout, 'x'), ctx).message).toContain('within 60 s');
    expect(toUpstreamError(new SdkError(SdkErrorCode.ConnectionClosed, 'Connection closed'), ctx).code).toBe('UPSTREAM_UNAVAILABLE');
  });
  it('describes exits with the stderr tail and recognises connection loss', () => {
    expect(describeExit('everything', { code: 1, signal: null }, ['', 'boom'])).toBe('"everything" exited with code 1. Last stderr: boom');
    expect(describeExit('x', { code: null, signal: 'SIGKILL' }, [])).toBe('"x" was killed by SIGKILL.');
    expect(isConnectionLoss(new TypeError('fetch failed'))).toBe(true);
    expect(isConnectionLoss(new Error('Invalid params'))).toBe(false);
  });
});

describe('InFlightRegistry', () => {
  it('routes to the most recently started call with a requester', () => {
    const registry = new InFlightRegistry();
    const a = requester([]);
    const b = requester([]);
    registry.add({ method: 'tools/call', requester: a });
    const second = registry.add({ method: 'tools/call', requester: b });
    registry.add({ method: 'tools/list' });
    expect(registry.latestWithRequester()?.requester).toBe(b);
    registry.remove(second);
    expect(registry.latestWithRequester()?.requester).toBe(a);
  });
});

describe('runWithInputRequired', () => {
  it('fulfils each round and echoes requestState byte for byte', async () => {
    const log: string[] = [];
    const sent: unknown[] = [];
    const answers: unknown[] = [
      { resultType: 'input_required', inputRequests: { a: { method: 'elicitation/create', params: { message: 'x', requestedSchema: {} } } }, requestState: ' s1 ' },
      { resultType: 'input_required', inputRequests: { b: { method: 'roots/list' } }, requestState: 'ü2' },
      { content: [] },
    ];
    const result = await runWithInputRequired({
      server: 's',
      method: 'tools/call',
      requester: requester(log),
      signal: undefined,
      send: async (retry) => {
        sent.push(retry);
        return answers.shift();
      },
    });
    expect(result).toEqual({ content: [] });
    expect(log).toEqual(['elicit', 'roots']);
    expect(sent).toEqual([
      undefined,
      { inputResponses: { a: { action: 'accept', content: { ok: true } } }, requestState: ' s1 ' },
      { inputResponses: { b: { roots: [] } }, requestState: 'ü2' },
    ]);
  });

  it('gives up after the round cap and needs a requester', async () => {
    const looping = { resultType: 'input_required', inputRequests: { a: { method: 'roots/list' } } };
    const capped = runWithInputRequired({ server: 's', method: 'm', requester: requester([]), signal: undefined, send: async () => looping });
    await expect(capped).rejects.toThrow(`after ${MAX_INPUT_ROUNDS} rounds`);
    const missing = runWithInputRequired({ server: 's', method: 'm', requester: undefined, signal: undefined, send: async () => looping });
    await expect(missing).rejects.toMatchObject({ code: 'CAPABILITY_MISSING' });
    expect(new HubError('CAPABILITY_MISSING', 'x')).toBeInstanceOf(HubError);
  });
});
