// The reference servers from npm, over stdio.
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, isAlive, stdioModule } from '../fixtures/servers/upstreamHarness';

const h = new Harness();
afterEach(() => h.cleanup());

describe('reference servers over stdio', () => {
  it('server-everything: tools with annotations, prompts, resources, progress; dispose kills it', async () => {
    const upstream = h.upstream(stdioModule('@modelcontextprotocol/server-everything/dist/index.js', ['stdio']), { name: 'everything' });
    expect(await upstream.start()).toMatchObject({ status: 'running', era: 'legacy', serverInfo: { name: 'mcp-servers/everything' } });
    const tools = await upstream.listTools();
    expect(tools.find((t) => t.name === 'trigger-long-running-operation')).toMatchObject({
      title: 'Trigger Long Running Operation Tool',
      annotations: { readOnlyHint: true },
    });
    expect((await upstream.listPrompts()).length).toBeGreaterThan(0);
    expect((await upstream.listResources()).length).toBeGreaterThan(0);
    expect((await upstream.listResourceTemplates()).length).toBeGreaterThan(0);
    const progress: number[] = [];
    await upstream.callTool('trigger-long-running-operation', { duration: 0.3, steps: 3 }, { onProgress: (p) => progress.push(p.progress) });
    expect(progress).toEqual([1, 2, 3]);
    const pid = upstream.pid()!;
    await upstream.dispose();
    expect(isAlive(pid)).toBe(false);
  });

  it('server-filesystem: writes and reads a file in the allowed directory', async () => {
    const dir = realpathSync(h.tempDir());
    const upstream = h.upstream(stdioModule('@modelcontextprotocol/server-filesystem/dist/index.js', [dir]), { name: 'files' });
    expect(await upstream.start()).toMatchObject({ status: 'running' });
    const file = join(dir, 'note.txt');
    await upstream.callTool('write_file', { path: file, content: 'hello from the hub' });
    const read = await upstream.callTool('read_text_file', { path: file });
    expect(JSON.stringify(read.content)).toContain('hello from the hub');
  });

  it('server-memory: structured content and output schemas pass through', async () => {
    const dir = h.tempDir();
    const upstream = h.upstream(stdioModule('@modelcontextprotocol/server-memory/dist/index.js', [], { MEMORY_FILE_PATH: join(dir, 'memory.jsonl') }), {
      name: 'memory',
    });
    await upstream.start();
    const tools = await upstream.listTools();
    expect(tools.find((t) => t.name === 'create_entities')?.outputSchema).toBeDefined();
    const created = await upstream.callTool('create_entities', { entities: [{ name: 'Ada', entityType: 'person', observations: ['wrote notes'] }] });
    expect(created.structuredContent).toMatchObject({ entities: [{ name: 'Ada' }] });
    const graph = await upstream.callTool('read_graph', {});
    expect(JSON.stringify(graph.structuredContent)).toContain('Ada');
  });
});
