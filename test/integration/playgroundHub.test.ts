// The Playground end to end: `patchbay serve` as a real process, real stdio upstreams behind the
// tool calls (echo and hang fixtures), and a scripted OpenAI-compatible model on 127.0.0.1 that
// records what the hub sent it. Chat runs go over the admin API's SSE stream, like the UI's.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlaygroundProviderView, PlaygroundRunView, PlaygroundToolGroup } from '../../shared/api';
import type { Conversation, PlaygroundStreamEvent, ToolCard } from '../../shared/playground';
import { parseSse } from '../../hub/playground/providers/sse';
import { CLI, cliJson, FIXTURES, serve, tempHome, waitFor } from '../helpers/hubProcess';
import type { ServeHandle, TempHome } from '../helpers/hubProcess';
import { openAi } from '../fixtures/llm/sse';
import { startScriptedLlmServer } from '../fixtures/llm/scriptedLlmServer';
import type { ScriptedLlmServer } from '../fixtures/llm/scriptedLlmServer';

const API_KEY = 'sk-playground-test-key-9f8e7d6c';

let home: TempHome;
let hub: ServeHandle;
let llm: ScriptedLlmServer;
let token: string;

/** `patchbay ...` without blocking this process (the scripted model lives in it). */
function run(args: string[], input?: string): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: home.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ status: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${hub.url}/api${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** Starts a chat and reads its event stream; `onEvent` may act mid-run (approve, stop). */
async function chat(body: Record<string, unknown>, onEvent?: (event: PlaygroundStreamEvent) => void | Promise<void>, signal?: AbortSignal): Promise<PlaygroundStreamEvent[]> {
  const response = await fetch(`${hub.url}/api/playground/chat`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ providerId: 'scripted', model: 'scripted-model', ...body }),
    signal,
  });
  expect(response.status, await (response.ok ? '' : response.clone().text())).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const events: PlaygroundStreamEvent[] = [];
  try {
    for await (const message of parseSse(response.body!)) {
      const event = JSON.parse(message.data) as PlaygroundStreamEvent;
      expect(message.event).toBe(event.type);
      events.push(event);
      await onEvent?.(event);
    }
  } catch (error) {
    if (!signal?.aborted) throw error;
  }
  return events;
}

function cards(events: PlaygroundStreamEvent[]): ToolCard[] {
  return events.flatMap((event) => (event.type === 'tool_card' ? [event.card] : []));
}

function finalCard(events: PlaygroundStreamEvent[], id: string): ToolCard | undefined {
  return cards(events).filter((card) => card.id === id).at(-1);
}

function textOf(events: PlaygroundStreamEvent[]): string {
  return events.flatMap((event) => (event.type === 'text' ? [event.delta] : [])).join('');
}

function done(events: PlaygroundStreamEvent[]) {
  const last = events.at(-1);
  if (last?.type !== 'done') throw new Error(`the stream did not end with done: ${JSON.stringify(last)}`);
  return last;
}

function requestBody(index: number): { messages: Array<Record<string, unknown>>; tools?: Array<{ function: { name: string } }>; model: string } {
  return llm.requests[index]!.body as never;
}

async function hangLog(): Promise<string[]> {
  return (await api<{ stderr: string[] }>('GET', '/servers/hang/logs')).body.stderr;
}

beforeAll(async () => {
  home = tempHome();
  llm = await startScriptedLlmServer();
  for (const [name, file] of [
    ['echo', 'echo.mjs'],
    ['hang', 'hang.mjs'],
  ]) {
    const added = await run(['server', 'add', name!, '--', process.execPath, join(FIXTURES, 'servers', file!)]);
    expect(added.status, added.stderr).toBe(0);
  }
  const provider = await run(['chat', 'providers', 'add', 'scripted', '--kind', 'openai', '--base-url', `${llm.url}/v1`, '--default-model', 'scripted-model', '--key-stdin'], `${API_KEY}\n`);
  expect(provider.status, provider.stderr).toBe(0);
  token = cliJson<{ token: string }>(home, ['token', 'create', 'tests']).token;
  hub = await serve(home);
  await waitFor(async () => (await api<PlaygroundToolGroup[]>('GET', '/playground/tools')).body.every((group) => group.tools.length > 0), 20_000, 'both servers to list tools');
});

afterAll(async () => {
  await hub?.stop();
  await llm?.close();
  home?.cleanup();
});

describe('Playground providers over the admin API', () => {
  it('lists the provider without its key, and fetches the model list with the key', async () => {
    const list = await api<PlaygroundProviderView[]>('GET', '/playground/providers');
    expect(list.body).toEqual([{ id: 'scripted', kind: 'openai', baseUrl: `${llm.url}/v1`, defaultModel: 'scripted-model', headers: {}, hasKey: true }]);
    expect(JSON.stringify(list.body)).not.toContain(API_KEY);

    llm.enqueue({ status: 200, json: { object: 'list', data: [{ id: 'model-b' }, { id: 'model-a' }] } });
    const models = await api<Array<{ id: string }>>('GET', '/playground/providers/scripted/models');
    expect(models.body.map((model) => model.id)).toEqual(['model-a', 'model-b']);
    const request = llm.requests.at(-1)!;
    expect(request).toMatchObject({ method: 'GET', path: '/v1/models' });
    expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('adds, updates and removes a provider; bad input is a 400 that names the field', async () => {
    const created = await api<PlaygroundProviderView>('POST', '/playground/providers', { id: 'other', kind: 'anthropic', baseUrl: 'https://api.anthropic.com', apiKey: 'sk-ant-temporary-1234567' });
    expect(created.body).toMatchObject({ id: 'other', kind: 'anthropic', hasKey: true });
    const cleared = await api<PlaygroundProviderView>('POST', '/playground/providers', { id: 'other', kind: 'anthropic', baseUrl: 'https://api.anthropic.com', clearKey: true });
    expect(cleared.body.hasKey).toBe(false);
    const removed = await api('DELETE', '/playground/providers/other');
    expect(removed.status).toBe(200);
    expect((await api<PlaygroundProviderView[]>('GET', '/playground/providers')).body.map((p) => p.id)).toEqual(['scripted']);

    const bad = await api<{ error: { code: string; message: string } }>('POST', '/playground/providers', { id: 'x', kind: 'openai', baseUrl: 'not a url' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('baseUrl');
  });
});

describe('Playground chat over the admin API (SSE)', () => {
  let conversationId: string;

  it('runs a full round: the model calls a real upstream tool and gets the result back', async () => {
    const sent = llm.requests.length;
    llm.enqueue(
      { sse: openAi.toolCalls([{ id: 'call_echo', name: 'echo__echo', fragments: ['{"text":', '"from the model"}'] }], { text: 'Calling echo. ' }) },
      { sse: openAi.text(['The tool said: ', 'echo: from the model']) },
    );
    const events = await chat({ message: 'Please echo something', system: 'Be brief.', temperature: 0.2, selection: { servers: ['echo'] } });

    const first = events[0];
    expect(first?.type).toBe('run');
    if (first?.type !== 'run') return;
    conversationId = first.conversationId;
    expect(first.title).toBe('Please echo something');
    expect(done(events)).toMatchObject({ outcome: 'completed', usage: { inputTokens: 30, outputTokens: 13 } });
    expect(textOf(events)).toBe('Calling echo. The tool said: echo: from the model');
    expect(cards(events).map((card) => card.status)).toEqual(['running', 'done']);
    expect(finalCard(events, 'call_echo')).toMatchObject({ server: 'echo', tool: 'echo', arguments: { text: 'from the model' }, result: { text: 'echo: from the model', isError: false } });
    expect(finalCard(events, 'call_echo')?.durationMs).toBeGreaterThanOrEqual(0);

    // What the model was sent: the tools of the selected server, then the tool result.
    const firstRequest = requestBody(sent);
    expect(firstRequest.model).toBe('scripted-model');
    expect(firstRequest.tools?.map((tool) => tool.function.name).sort()).toEqual(['echo__echo', 'echo__env', 'echo__era', 'echo__progress']);
    expect(firstRequest.messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
    expect(llm.requests[sent]!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    const second = requestBody(sent + 1);
    expect(second.messages.at(-1)).toEqual({ role: 'tool', tool_call_id: 'call_echo', content: 'echo: from the model' });
  });

  it('saved the conversation; it can be reopened, continued, renamed and exported', async () => {
    const stored = await api<Conversation>('GET', `/playground/conversations/${conversationId}`);
    expect(stored.body.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(stored.body.settings).toMatchObject({ providerId: 'scripted', model: 'scripted-model', system: 'Be brief.', approval: 'auto', selection: { servers: ['echo'] } });
    const list = await api<Array<{ id: string; messageCount: number }>>('GET', '/playground/conversations');
    expect(list.body.find((item) => item.id === conversationId)?.messageCount).toBe(4);

    const sent = llm.requests.length;
    llm.enqueue({ sse: openAi.text(['Still here.']) });
    const events = await chat({ conversationId, message: 'And now?', selection: { servers: [] } });
    expect(done(events).outcome).toBe('completed');
    const history = requestBody(sent).messages.map((message) => message.role);
    expect(history).toEqual(['user', 'assistant', 'tool', 'assistant', 'user']);

    const renamed = await api<{ title: string }>('PATCH', `/playground/conversations/${conversationId}`, { title: 'Echo test' });
    expect(renamed.body.title).toBe('Echo test');

    const md = await fetch(`${hub.url}/api/playground/conversations/${conversationId}/export?format=md`, { headers: { Authorization: `Bearer ${token}` } });
    expect(md.headers.get('content-type')).toContain('text/markdown');
    expect(md.headers.get('content-disposition')).toContain('Echo-test.md');
    const markdown = await md.text();
    expect(markdown).toContain('# Echo test');
    expect(markdown).toContain('**Tool call** `echo / echo`');
    expect(markdown).toContain('Still here.');
    const json = (await (await fetch(`${hub.url}/api/playground/conversations/${conversationId}/export?format=json`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { format: string; messages: unknown[] };
    expect(json.format).toBe('patchbay-conversation');
    expect(json.messages).toHaveLength(6);
  });

  it('asks before each tool call and runs only the approved one', async () => {
    const sent = llm.requests.length;
    llm.enqueue(
      {
        sse: openAi.toolCalls([
          { id: 'call_yes', name: 'echo__echo', fragments: ['{"text":"approved"}'] },
          { id: 'call_no', name: 'echo__echo', fragments: ['{"text":"denied"}'] },
        ]),
      },
      { sse: openAi.text(['One ran, one was denied.']) },
    );
    let runId = '';
    const waiting = new Set<string>();
    let pendingSeen: PlaygroundRunView[] = [];
    const events = await chat({ message: 'Echo twice', approval: 'ask', selection: { servers: ['echo'], tools: ['echo/echo'] } }, async (event) => {
      if (event.type === 'run') runId = event.runId;
      if (event.type === 'tool_card' && event.card.status === 'awaiting_approval') waiting.add(event.card.id);
      if (waiting.size === 2) {
        waiting.clear();
        pendingSeen = (await api<PlaygroundRunView[]>('GET', '/playground/runs')).body;
        expect((await api('POST', `/playground/runs/${runId}/approve`, { callId: 'call_yes', approve: true })).status).toBe(200);
        expect((await api('POST', `/playground/runs/${runId}/approve`, { callId: 'call_no', approve: false })).status).toBe(200);
        const again = await api<{ error: { code: string } }>('POST', `/playground/runs/${runId}/approve`, { callId: 'call_no', approve: true });
        expect(again.status).toBe(404);
      }
    });
    expect(pendingSeen.find((view) => view.runId === runId)?.pendingApprovals.map((card) => card.id).sort()).toEqual(['call_no', 'call_yes']);
    expect(done(events).outcome).toBe('completed');
    expect(finalCard(events, 'call_yes')).toMatchObject({ status: 'done', result: { text: 'echo: approved' } });
    expect(finalCard(events, 'call_no')).toMatchObject({ status: 'denied' });
    expect(requestBody(sent).tools?.map((tool) => tool.function.name)).toEqual(['echo__echo']);
    const results = requestBody(sent + 1).messages.filter((message) => message.role === 'tool');
    expect(results).toEqual([
      { role: 'tool', tool_call_id: 'call_yes', content: 'echo: approved' },
      { role: 'tool', tool_call_id: 'call_no', content: expect.stringContaining('denied') },
    ]);
    expect((await api<PlaygroundRunView[]>('GET', '/playground/runs')).body.some((view) => view.runId === runId)).toBe(false);
  });

  it('Stop during a tool call cancels it at the upstream', async () => {
    llm.enqueue({ sse: openAi.toolCalls([{ id: 'call_hang', name: 'hang__hang', fragments: ['{}'] }]) });
    const before = (await hangLog()).filter((line) => line.includes('hang-fixture: cancelled')).length;
    let runId = '';
    const events = await chat({ message: 'Hang, please', selection: { servers: ['hang'] } }, async (event) => {
      if (event.type === 'run') runId = event.runId;
      if (event.type === 'tool_card' && event.card.status === 'running') {
        await waitFor(async () => (await hangLog()).filter((line) => line.includes('hang-fixture: started')).length > before, 10_000, 'the hang tool to start');
        expect((await api('POST', `/playground/runs/${runId}/stop`)).status).toBe(200);
      }
    });
    expect(done(events).outcome).toBe('stopped');
    expect(finalCard(events, 'call_hang')?.status).toBe('cancelled');
    await waitFor(async () => (await hangLog()).filter((line) => line.includes('hang-fixture: cancelled')).length > before, 10_000, 'the upstream to see the cancellation');
    const conversation = await api<Conversation>('GET', `/playground/conversations/${(events[0] as { conversationId: string }).conversationId}`);
    expect(conversation.body.messages.at(-1)).toMatchObject({ role: 'tool', status: 'cancelled' });
  });

  it('closing the stream (the client leaving) also stops the run and cancels upstream', async () => {
    llm.enqueue({ sse: openAi.toolCalls([{ id: 'call_hang2', name: 'hang__hang', fragments: ['{}'] }]) });
    const cancelledBefore = (await hangLog()).filter((line) => line.includes('hang-fixture: cancelled')).length;
    const startedBefore = (await hangLog()).filter((line) => line.includes('hang-fixture: started')).length;
    const controller = new AbortController();
    await chat({ message: 'Hang again', selection: { servers: ['hang'] } }, async (event) => {
      if (event.type === 'tool_card' && event.card.status === 'running') {
        await waitFor(async () => (await hangLog()).filter((line) => line.includes('hang-fixture: started')).length > startedBefore, 10_000, 'the hang tool to start');
        controller.abort();
      }
    }, controller.signal);
    await waitFor(async () => (await hangLog()).filter((line) => line.includes('hang-fixture: cancelled')).length > cancelledBefore, 10_000, 'the upstream to see the cancellation');
    await waitFor(async () => (await api<PlaygroundRunView[]>('GET', '/playground/runs')).body.length === 0, 10_000, 'the run to end');
  });

  it('refuses bad chat requests with a JSON error before streaming', async () => {
    const unknownProvider = await api<{ error: { code: string; message: string } }>('POST', '/playground/chat', { providerId: 'nope', message: 'hi' });
    expect(unknownProvider.status).toBe(404);
    expect(unknownProvider.body.error.message).toContain('scripted');
    const unknownServer = await api<{ error: { code: string; message: string } }>('POST', '/playground/chat', { providerId: 'scripted', message: 'hi', selection: { servers: ['missing'] } });
    expect(unknownServer.status).toBe(404);
    expect(unknownServer.body.error.message).toContain('"missing"');
    const unknownTool = await api<{ error: { code: string } }>('POST', '/playground/chat', { providerId: 'scripted', message: 'hi', selection: { servers: ['echo'], tools: ['echo/nope'] } });
    expect(unknownTool.body.error.code).toBe('TOOL_NOT_FOUND');
    const empty = await api<{ error: { code: string } }>('POST', '/playground/chat', { providerId: 'scripted', message: '' });
    expect(empty.status).toBe(400);
    expect((await api('POST', '/playground/runs/no-such-run/stop')).status).toBe(404);
  });
});

describe('the direct tool runner', () => {
  it('lists tools with their input schemas and runs one without an LLM', async () => {
    const groups = (await api<PlaygroundToolGroup[]>('GET', '/playground/tools')).body;
    const echo = groups.find((group) => group.server === 'echo');
    expect(echo?.status).toBe('running');
    expect(echo?.tools.find((tool) => tool.name === 'echo')?.inputSchema).toMatchObject({ type: 'object', properties: { text: { type: 'string' } }, required: ['text'] });
    const called = await api<{ result: { content: Array<{ text: string }> }; durationMs: number }>('POST', '/playground/call', { server: 'echo', tool: 'echo', arguments: { text: 'direct' } });
    expect(called.status).toBe(200);
    expect(called.body.result.content[0]?.text).toBe('echo: direct');
    expect(called.body.durationMs).toBeGreaterThanOrEqual(0);
    // Recorded in the audit log like every other call, as the playground face (written in batches).
    await waitFor(async () => {
      const rows = await api<Array<{ face: string; tool: string }>>('GET', '/audit?server=echo&tool=echo');
      return rows.body.some((row) => row.face === 'playground');
    }, 10_000, 'the audit row of the direct run');
  });

  it('cancels the upstream call when the request is aborted', async () => {
    const startedBefore = (await hangLog()).filter((line) => line.includes('hang-fixture: started')).length;
    const cancelledBefore = (await hangLog()).filter((line) => line.includes('hang-fixture: cancelled')).length;
    const controller = new AbortController();
    const call = fetch(`${hub.url}/api/playground/call`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ server: 'hang', tool: 'hang' }),
      signal: controller.signal,
    }).catch((error: unknown) => error);
    await waitFor(async () => (await hangLog()).filter((line) => line.includes('hang-fixture: started')).length > startedBefore, 10_000, 'the hang tool to start');
    controller.abort();
    expect(await call).toBeInstanceOf(Error);
    await waitFor(async () => (await hangLog()).filter((line) => line.includes('hang-fixture: cancelled')).length > cancelledBefore, 10_000, 'the upstream to see the cancellation');
  });
});

describe('patchbay chat (CLI)', () => {
  it('streams the answer to stdout and tool cards to stderr, through the running hub', async () => {
    const sent = llm.requests.length;
    llm.enqueue({ sse: openAi.toolCalls([{ id: 'call_cli', name: 'echo__echo', fragments: ['{"text":"cli"}'] }]) }, { sse: openAi.text(['Done ', 'from the CLI.']) });
    const result = await run(['chat', '--provider', 'scripted', '--model', 'cli-model', '--server', 'echo', '--yes', 'Echo from the terminal']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe('Done from the CLI.\n');
    expect(result.stderr).toContain('→ echo/echo {"text":"cli"}');
    expect(result.stderr).toContain('✓ echo/echo');
    expect(result.stderr).toContain('echo: cli');
    expect(requestBody(sent).model).toBe('cli-model');
    expect(requestBody(sent + 1).messages.at(-1)).toMatchObject({ role: 'tool', content: 'echo: cli' });
    // The run went through the hub: it is saved like a UI conversation.
    const conversationId = /--conversation (\S+)\)/.exec(result.stderr)?.[1];
    expect((await api<Conversation>('GET', `/playground/conversations/${conversationId}`)).body.messages).toHaveLength(4);
  });

  it('without --yes and without a terminal, tool calls are denied; --json prints the outcome', async () => {
    llm.enqueue({ sse: openAi.toolCalls([{ id: 'call_ask', name: 'echo__echo', fragments: ['{"text":"x"}'] }]) }, { sse: openAi.text(['Okay, not running it.']) });
    const sent = llm.requests.length;
    const result = await run(['chat', '--server', 'echo', '--tool', 'echo', '--json', 'Try a tool']);
    // A bare --tool name is looked up in the selected servers.
    expect(requestBody(sent).tools?.map((tool) => tool.function.name)).toEqual(['echo__echo']);
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { outcome: string; text: string; toolCalls: ToolCard[]; conversationId: string };
    expect(summary).toMatchObject({ outcome: 'completed', text: 'Okay, not running it.' });
    expect(summary.toolCalls).toEqual([expect.objectContaining({ id: 'call_ask', status: 'denied' })]);
  });

  it('lists providers and models', async () => {
    const providers = await run(['chat', 'providers', 'list', '--json']);
    expect(JSON.parse(providers.stdout)).toEqual([expect.objectContaining({ id: 'scripted', hasKey: true })]);
    llm.enqueue({ status: 200, json: { data: [{ id: 'only-model' }] } });
    const models = await run(['chat', 'models', 'scripted']);
    expect(models.stdout.trim()).toBe('only-model');
  });
});

describe('secrets', () => {
  it('never writes the provider key into SQLite', () => {
    let bytes = '';
    for (const file of ['patchbay.db', 'patchbay.db-wal']) {
      try {
        bytes += readFileSync(join(home.home, file)).toString('latin1');
      } catch {
        // no WAL file right now
      }
    }
    expect(bytes).toContain('playground/provider/scripted/key');
    expect(bytes).not.toContain(API_KEY);
  });
});
