// `patchbay chat` with no hub running: the CLI starts a hub in its own process for the selected
// servers, runs the chat against a scripted OpenAI-compatible model, and saves the conversation in
// the same store the UI uses.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, FIXTURES, tempHome } from '../helpers/hubProcess';
import type { TempHome } from '../helpers/hubProcess';
import { openAi } from '../fixtures/llm/sse';
import { startScriptedLlmServer } from '../fixtures/llm/scriptedLlmServer';
import type { ScriptedLlmServer } from '../fixtures/llm/scriptedLlmServer';

let home: TempHome;
let llm: ScriptedLlmServer;

function run(args: string[], input = ''): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: home.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ status: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

beforeAll(async () => {
  home = tempHome();
  llm = await startScriptedLlmServer();
  const added = await run(['server', 'add', 'echo', '--', process.execPath, join(FIXTURES, 'servers', 'echo.mjs')]);
  expect(added.status, added.stderr).toBe(0);
  const provider = await run(['chat', 'providers', 'add', 'local', '--kind', 'openai', '--base-url', `${llm.url}/v1`, '--key-stdin'], 'sk-local-key-123456789\n');
  expect(provider.status, provider.stderr).toBe(0);
});

afterAll(async () => {
  await llm?.close();
  home?.cleanup();
});

describe('patchbay chat without a running hub', () => {
  it('runs the tool call in a hub of its own and saves the conversation', async () => {
    llm.enqueue({ sse: openAi.toolCalls([{ id: 'call_1', name: 'echo__echo', fragments: ['{"text":"offline"}'] }]) }, { sse: openAi.text(['All done.']) });
    const result = await run(['chat', '--model', 'm', '--server', 'echo', '--yes', '--system', 'Be terse.', '--temperature', '0', 'Echo offline']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe('All done.\n');
    expect(result.stderr).toContain('✓ echo/echo');
    const first = llm.requests[0]!.body as { messages: unknown[]; temperature: number; tools: unknown[] };
    expect(first.messages[0]).toEqual({ role: 'system', content: 'Be terse.' });
    expect(first.temperature).toBe(0);
    expect((llm.requests[1]!.body as { messages: unknown[] }).messages.at(-1)).toEqual({ role: 'tool', tool_call_id: 'call_1', content: 'echo: offline' });

    const list = await run(['chat', 'conversations', '--json']);
    const conversations = JSON.parse(list.stdout) as Array<{ id: string; title: string; messageCount: number }>;
    expect(conversations).toEqual([expect.objectContaining({ title: 'Echo offline', messageCount: 4 })]);
    const exported = await run(['chat', 'export', conversations[0]!.id, '--format', 'md']);
    expect(exported.stdout).toContain('# Echo offline');
    expect(exported.stdout).toContain('echo: offline');
  });

  it('fails with a usage error when no model can be chosen, and exits 1 when the model fails', async () => {
    const noModel = await run(['chat', 'hello']);
    expect(noModel.status).toBe(1);
    expect(noModel.stderr).toContain('No model given');
    llm.enqueue({ status: 500, json: { error: { message: 'scripted failure' } } });
    const failed = await run(['chat', '--model', 'm', 'hello']);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('scripted failure');
    const usage = await run(['chat', '--temperature', 'hot', 'hello']);
    expect(usage.status).toBe(2);
  });
});
