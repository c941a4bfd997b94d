import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliJson, FIXTURES, serve, tempHome, waitFor } from '../helpers/hubProcess';
import type { ServeHandle, TempHome } from '../helpers/hubProcess';

// What travels between clients and upstreams through the hub, across protocol eras: elicitation,
// sampling and roots requests (pushed by a 2025-era upstream, or input_required rounds from a
// 2026-07-28 upstream), progress, cancellation, log messages, list_changed and resource updates.

const SERVERS = join(FIXTURES, 'servers');
let home: TempHome;
let hub: ServeHandle;
let token: string;

type Era = 'legacy' | 'auto';
const ERAS: Era[] = ['legacy', 'auto'];

interface Seen {
  elicitations: string[];
  samplings: number;
  logs: string[];
  toolListChanges: number;
  resourceUpdates: string[];
}

async function connect(era: Era, options: { capabilities?: boolean; elicited?: Record<string, unknown> } = {}): Promise<{ client: Client; seen: Seen }> {
  const withCaps = options.capabilities ?? true;
  const seen: Seen = { elicitations: [], samplings: 0, logs: [], toolListChanges: 0, resourceUpdates: [] };
  const client = new Client(
    { name: `forwarding-${era}`, version: '1.0.0' },
    { versionNegotiation: { mode: era }, capabilities: withCaps ? { elicitation: { form: {} }, sampling: {}, roots: { listChanged: true } } : {} },
  );
  if (withCaps) {
    client.setRequestHandler('elicitation/create', async (request) => {
      seen.elicitations.push(String(request.params.message));
      return { action: 'accept', content: (options.elicited ?? { ok: true }) as Record<string, string | number | boolean> };
    });
    client.setRequestHandler('sampling/createMessage', async () => {
      seen.samplings += 1;
      return { model: 'test-model', role: 'assistant', content: { type: 'text', text: 'sampled' } };
    });
    client.setRequestHandler('roots/list', async () => ({ roots: [{ uri: 'file:///a', name: 'a' }, { uri: 'file:///b', name: 'b' }] }));
  }
  client.setNotificationHandler('notifications/message', (notification) => {
    seen.logs.push(JSON.stringify(notification.params.data));
  });
  client.setNotificationHandler('notifications/tools/list_changed', () => {
    seen.toolListChanges += 1;
  });
  client.setNotificationHandler('notifications/resources/updated', (notification) => {
    seen.resourceUpdates.push(notification.params.uri);
  });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${hub.url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return { client, seen };
}

async function stderrOf(server: string): Promise<string[]> {
  const response = await fetch(`${hub.url}/api/servers/${server}/logs`, { headers: { Authorization: `Bearer ${token}` } });
  return ((await response.json()) as { stderr: string[] }).stderr;
}

function text(result: { content?: unknown }): string {
  return ((result.content as Array<{ type: string; text?: string }>) ?? []).map((block) => block.text ?? '').join('\n');
}

beforeAll(async () => {
  home = tempHome();
  for (const [name, file] of [
    ['push', 'legacy-push.mjs'],
    ['input', 'modern-input.mjs'],
    ['changes', 'list-changes.mjs'],
    ['hang', 'hang.mjs'],
    ['echo', 'echo.mjs'],
  ] as const) {
    const added = cli(home, ['server', 'add', name, '--', process.execPath, join(SERVERS, file)]);
    expect(added.status, added.stderr).toBe(0);
  }
  token = cliJson<{ token: string }>(home, ['token', 'create', 'forwarding']).token;
  hub = await serve(home);
});

afterAll(async () => {
  await hub?.stop();
  home?.cleanup();
});

describe('elicitation answers', () => {
  it('a 2025-era client\'s answer that does not match the requested schema is refused, as the SDK refuses it', async () => {
    // The hub's MCP server checks accepted content against the requested schema (its JSON Schema
    // validator loads on this first use: hub/upstream/lazyJsonSchemaValidator.ts).
    const { client, seen } = await connect('legacy', { elicited: { ok: 'yes' } });
    try {
      const result = await client.callTool({ name: 'push__ask', arguments: {} });
      expect(seen.elicitations).toEqual(['Proceed?']);
      expect(result.isError).toBe(true);
      expect(text(result)).toMatch(/does not match requested schema/);
    } finally {
      await client.close();
    }
  });
});

describe.each(ERAS)('a %s-mode client', (era) => {
  it('answers a 2025-era upstream that pushes elicitation, sampling and roots mid-call', async () => {
    const { client, seen } = await connect(era);
    try {
      expect(text(await client.callTool({ name: 'push__ask', arguments: {} }))).toContain('action=accept ok=true');
      expect(seen.elicitations).toEqual(['Proceed?']);
      expect(text(await client.callTool({ name: 'push__sample', arguments: {} }))).toContain('model=test-model text=sampled');
      expect(seen.samplings).toBe(1);
      expect(text(await client.callTool({ name: 'push__roots', arguments: {} }))).toContain('roots=2');
    } finally {
      await client.close();
    }
  });

  it('answers a 2026-07-28 upstream that asks for input with input_required rounds', async () => {
    const { client, seen } = await connect(era);
    try {
      const result = text(await client.callTool({ name: 'input__confirm', arguments: {} }));
      expect(result).toContain('ok=true');
      expect(result).toContain('model=test-model');
      expect(result).toContain('roots=2');
      expect(seen.elicitations.length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });

  it('tells the model when the client cannot answer what the upstream asks', async () => {
    const { client } = await connect(era, { capabilities: false });
    try {
      const result = await client.callTool({ name: 'push__ask', arguments: {} });
      expect(result.isError || /decline|cancel|not support|capabilit/i.test(text(result))).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('forwards progress notifications for the call that asked for them', async () => {
    const { client } = await connect(era);
    try {
      const progress: number[] = [];
      const result = await client.callTool({ name: 'echo__progress', arguments: { steps: 3 } }, { onprogress: (update) => progress.push(update.progress) });
      expect(text(result)).toContain('done 3');
      expect(progress).toHaveLength(3);
    } finally {
      await client.close();
    }
  });

  it('cancels the upstream call when the client cancels', async () => {
    const { client } = await connect(era);
    try {
      const controller = new AbortController();
      const before = (await stderrOf('hang')).filter((line) => line.includes('hang-fixture: started')).length;
      const call = client.callTool({ name: 'hang__hang', arguments: {} }, { signal: controller.signal });
      // Cancel once the upstream has the call (it logs "started" on receipt).
      await waitFor(async () => (await stderrOf('hang')).filter((line) => line.includes('hang-fixture: started')).length > before, 15_000, 'the call to reach the upstream');
      controller.abort();
      await expect(call).rejects.toThrow();
      await waitFor(async () => (await stderrOf('hang')).some((line) => line.includes('cancelled')), 15_000, 'the upstream to see the cancellation');
    } finally {
      await client.close();
    }
  });
});

describe('notifications without a request', () => {
  it('forwards list_changed to a 2025-era session and the new tool is listed', async () => {
    const { client, seen } = await connect('legacy');
    try {
      await client.callTool({ name: 'changes__add_tool', arguments: { name: 'fresh_legacy' } });
      await waitFor(() => seen.toolListChanges > 0, 15_000, 'tools/list_changed');
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('changes__fresh_legacy');
    } finally {
      await client.close();
    }
  });

  it('forwards list_changed on a 2026-07-28 listen stream', async () => {
    const { client, seen } = await connect('auto');
    try {
      const subscription = await client.listen({ toolsListChanged: true });
      await client.callTool({ name: 'changes__add_tool', arguments: { name: 'fresh_modern' } });
      await waitFor(() => seen.toolListChanges > 0, 15_000, 'tools/list_changed on the listen stream');
      expect((await client.listTools({}, { cacheMode: 'refresh' })).tools.map((tool) => tool.name)).toContain('changes__fresh_modern');
      await subscription.close();
    } finally {
      await client.close();
    }
  });

  it('forwards resource updates to the session that subscribed', async () => {
    const { client, seen } = await connect('legacy');
    try {
      await client.subscribeResource({ uri: 'fixture://doc' });
      await client.callTool({ name: 'changes__touch', arguments: { uri: 'fixture://doc' } });
      await waitFor(() => seen.resourceUpdates.includes('fixture://doc'), 15_000, 'resources/updated');
    } finally {
      await client.close();
    }
  });

  it('forwards the upstream log messages of a call', async () => {
    const { client, seen } = await connect('legacy');
    try {
      await client.setLoggingLevel('debug');
      await client.callTool({ name: 'echo__echo', arguments: { text: 'logged' } });
      await waitFor(() => seen.logs.some((line) => line.includes('echoing logged')), 15_000, 'the log message');
    } finally {
      await client.close();
    }
  });
});
