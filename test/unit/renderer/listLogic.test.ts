import { describe, expect, it } from 'vitest';
import type { ServerView } from '../../../shared/api';
import type { ConnectionState } from '../../../shared/types';
import { argumentsSkeleton, parseArguments } from '../../../renderer/src/lib/schemaSkeleton';
import { filterByText, filterServers, statusCounts, transportSummary } from '../../../renderer/src/lib/servers';
import { computeOffsets, indexAt, visibleRange } from '../../../renderer/src/lib/virtual';

function server(name: string, state: ConnectionState, extra: Partial<ServerView> = {}): ServerView {
  return { id: name, name, enabled: state.status !== 'disabled', transport: { type: 'stdio', command: 'npx', args: ['-y', `@acme/${name}`], env: {} }, state, createdAt: '', updatedAt: '', ...extra };
}

describe('server filtering', () => {
  const servers = [
    server('github', { status: 'running', era: 'legacy', protocolVersion: '2025-11-25', serverInfo: { name: 'gh', version: '1' }, since: '' }, { description: 'Code hosting' }),
    server('crashy', { status: 'error', message: 'exited', attempt: 2 }),
    server('linear', { status: 'needs-auth', message: 'sign in' }),
    server('old', { status: 'disabled' }),
  ];

  it('matches every word against name, description and command', () => {
    expect(filterServers(servers, 'code', 'all').map((item) => item.name)).toEqual(['github']);
    expect(filterServers(servers, 'acme CRASHY', 'all').map((item) => item.name)).toEqual(['crashy']);
    expect(filterServers(servers, '', 'problems').map((item) => item.name)).toEqual(['crashy', 'linear']);
    expect(filterServers(servers, '', 'disabled').map((item) => item.name)).toEqual(['old']);
  });

  it('counts per filter', () => {
    expect(statusCounts(servers)).toEqual({ all: 4, running: 1, problems: 2, disabled: 1 });
  });

  it('quotes arguments in the transport summary', () => {
    expect(transportSummary({ type: 'stdio', command: 'node', args: ['-e', "console.log('x')"], env: {} })).toBe(`node -e 'console.log('\\''x'\\'')'`);
    expect(transportSummary({ type: 'http', url: 'https://x/mcp', headers: {}, mode: 'auto' })).toBe('https://x/mcp');
  });

  it('filters 10,000 items by text quickly and returns the same array for an empty query', () => {
    const items = Array.from({ length: 10_000 }, (_, index) => ({ name: `tool-${index}`, description: index % 7 === 0 ? 'inventory' : 'tracker' }));
    expect(filterByText(items, '')).toBe(items);
    const start = performance.now();
    expect(filterByText(items, 'inventory')).toHaveLength(1429);
    expect(performance.now() - start).toBeLessThan(100);
  });
});

describe('windowing math', () => {
  const offsets = computeOffsets(5, (index) => [10, 20, 30, 40, 50][index]!);

  it('accumulates heights', () => {
    expect([...offsets]).toEqual([0, 10, 30, 60, 100, 150]);
  });

  it('finds the item at a position', () => {
    expect(indexAt(offsets, 0)).toBe(0);
    expect(indexAt(offsets, 29.9)).toBe(1);
    expect(indexAt(offsets, 30)).toBe(2);
    expect(indexAt(offsets, 1000)).toBe(4);
  });

  it('returns the visible range with overscan, clamped', () => {
    expect(visibleRange(offsets, 30, 35, 0)).toEqual({ start: 2, end: 4 });
    expect(visibleRange(offsets, 30, 35, 1)).toEqual({ start: 1, end: 5 });
    expect(visibleRange(computeOffsets(0, () => 1), 0, 100, 3)).toEqual({ start: 0, end: 0 });
  });

  it('keeps a 10,000-row window small', () => {
    const big = computeOffsets(10_000, () => 64);
    const range = visibleRange(big, 64 * 5000, 640, 6);
    expect(range).toEqual({ start: 4994, end: 5017 });
  });
});

describe('tool arguments', () => {
  it('pre-fills required properties from defaults, enums and types', () => {
    const schema = {
      type: 'object',
      properties: { message: { type: 'string' }, count: { type: 'integer', default: 3 }, mode: { enum: ['a', 'b'] }, nested: { type: 'object', properties: { id: { type: 'number' } }, required: ['id'] }, optional: { type: 'string' } },
      required: ['message', 'count', 'mode', 'nested'],
    };
    expect(argumentsSkeleton(schema)).toEqual({ message: '', count: 3, mode: 'a', nested: { id: 0 } });
    expect(argumentsSkeleton({})).toEqual({});
  });

  it('parses the editor text or says what is wrong', () => {
    expect(parseArguments('')).toEqual({ value: {} });
    expect(parseArguments('{"a":1}')).toEqual({ value: { a: 1 } });
    expect(parseArguments('[1]')).toEqual({ error: expect.stringContaining('must be a JSON object') });
    expect(parseArguments('{a:1}')).toEqual({ error: expect.stringContaining('not valid JSON') });
  });
});
