import { describe, expect, it } from 'vitest';
import { emptySelection, fromToolSelection, selectedToolCount, toggleServer, toggleTool, toToolSelection } from '../../../renderer/src/lib/toolSelection';

const tools: Record<string, string[]> = { github: ['issues', 'pulls', 'repos'], fs: ['read', 'write'], writing: ['say'] };
const toolsOf = (server: string): string[] => tools[server] ?? [];

describe('Playground tool selection', () => {
  it('sends whole servers as servers only', () => {
    const state = toggleServer(toggleServer(emptySelection, 'github', true), 'writing', true);
    expect(toToolSelection(state, toolsOf)).toEqual({ servers: ['github', 'writing'] });
    expect(selectedToolCount(state, toolsOf)).toBe(4);
  });

  it('narrows a server to some tools and then lists every selected tool as SERVER/TOOL', () => {
    let state = toggleServer(toggleServer(emptySelection, 'github', true), 'fs', true);
    state = toggleTool(state, 'github', 'pulls', false, toolsOf('github'));
    expect(toToolSelection(state, toolsOf)).toEqual({ servers: ['github', 'fs'], tools: ['github/issues', 'github/repos', 'fs/read', 'fs/write'] });
    expect(selectedToolCount(state, toolsOf)).toBe(4);
    // Ticking the last one back makes it whole again.
    state = toggleTool(state, 'github', 'pulls', true, toolsOf('github'));
    expect(toToolSelection(state, toolsOf)).toEqual({ servers: ['github', 'fs'] });
  });

  it('ticking a tool of an unselected server selects the server with just that tool; unticking the server forgets the narrowing', () => {
    let state = toggleTool(emptySelection, 'fs', 'read', true, []);
    expect(state.servers).toEqual(['fs']);
    state = toggleTool(emptySelection, 'fs', 'write', false, toolsOf('fs'));
    expect(state).toEqual({ servers: ['fs'], only: { fs: ['read'] } });
    expect(toggleServer(state, 'fs', false)).toEqual({ servers: [], only: {} });
  });

  it('reads a stored selection back', () => {
    expect(fromToolSelection(undefined, toolsOf)).toEqual(emptySelection);
    expect(fromToolSelection({ servers: ['github'] }, toolsOf)).toEqual({ servers: ['github'], only: {} });
    expect(fromToolSelection({ servers: ['github', 'fs'], tools: ['github/issues', 'fs/read', 'fs/write'] }, toolsOf)).toEqual({ servers: ['github', 'fs'], only: { github: ['issues'] } });
  });
});
