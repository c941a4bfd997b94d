import { describe, expect, it } from 'vitest';
import type { TrayServer } from '../../../electron/main/trayHubPort';
import { INLINE_SERVER_LIMIT, buildTrayMenu, trayIconKind, trayToolTip } from '../../../electron/main/trayMenu';
import type { MenuItemTemplate, TrayState } from '../../../electron/main/trayMenu';

const running: TrayState['hub'] = { status: 'running', version: '0.1.0', endpoint: 'http://127.0.0.1:4242/mcp' };

function state(partial: Partial<TrayState> = {}): TrayState {
  return { hub: running, servers: [], virtualServers: [], openAtLogin: false, ...partial };
}

const server = (name: string, enabled: boolean, status: TrayServer['state']): TrayServer => ({ name, enabled, state: status });
const runningState: TrayServer['state'] = { status: 'running', era: 'modern', protocolVersion: '2026-07-28', serverInfo: { name: 'x', version: '1' }, since: '2026-01-01T00:00:00Z' };

const byId = (items: MenuItemTemplate[], id: string): MenuItemTemplate | undefined => items.find((item) => item.id === id);
const ids = (items: MenuItemTemplate[]): string[] => items.flatMap((item) => (item.id ? [item.id] : []));

describe('buildTrayMenu', () => {
  it('shows the hub, an empty-servers hint, and the fixed items when there are no servers', () => {
    const menu = buildTrayMenu(state());
    expect(ids(menu)).toEqual(['hub-status', 'hub-endpoint', 'servers-empty', 'open-window', 'open-at-login', 'quit']);
    expect(byId(menu, 'hub-status')).toMatchObject({ label: 'Patchbay 0.1.0 — running', enabled: false });
    expect(byId(menu, 'hub-endpoint')).toMatchObject({ label: 'http://127.0.0.1:4242/mcp', action: { type: 'copy-endpoint', text: 'http://127.0.0.1:4242/mcp' } });
    expect(byId(menu, 'servers-empty')?.enabled).toBe(false);
    expect(byId(menu, 'open-window')?.action).toEqual({ type: 'open-window' });
    expect(byId(menu, 'quit')?.action).toEqual({ type: 'quit' });
    // No leading, trailing or doubled separators.
    expect(menu[0]?.type).not.toBe('separator');
    expect(menu.at(-1)?.type).not.toBe('separator');
    menu.forEach((item, index) => {
      if (item.type === 'separator') expect(menu[index + 1]?.type).not.toBe('separator');
    });
  });

  it('has one checkbox per server that toggles it, with its status and error message', () => {
    const menu = buildTrayMenu(
      state({
        servers: [
          server('github', true, runningState),
          server('broken', true, { status: 'error', message: 'spawn npx ENOENT', attempt: 3 }),
          server('off', false, { status: 'disabled' }),
        ],
      }),
    );
    expect(byId(menu, 'servers-header')).toMatchObject({ label: 'Servers', enabled: false });
    expect(byId(menu, 'server:github')).toEqual({
      id: 'server:github',
      type: 'checkbox',
      label: 'github — running',
      checked: true,
      action: { type: 'set-server-enabled', server: 'github', enabled: false },
    });
    expect(byId(menu, 'server:broken')).toMatchObject({ label: 'broken — error', checked: true, sublabel: 'spawn npx ENOENT', toolTip: 'spawn npx ENOENT' });
    expect(byId(menu, 'server:off')).toMatchObject({ label: 'off — disabled', checked: false, action: { type: 'set-server-enabled', server: 'off', enabled: true } });
    expect(menu.some((item) => item.id?.startsWith('connect:'))).toBe(false);
  });

  it('adds a "Connect NAME…" item for each enabled server that needs auth', () => {
    const menu = buildTrayMenu(
      state({
        servers: [
          server('notion', true, { status: 'needs-auth', message: 'Sign in to Notion' }),
          server('linear', true, { status: 'needs-auth', message: 'Sign in to Linear' }),
          server('sleepy', false, { status: 'needs-auth', message: 'Sign in' }),
        ],
      }),
    );
    expect(byId(menu, 'server:notion')).toMatchObject({ label: 'notion — needs sign-in', sublabel: 'Sign in to Notion' });
    const connect = menu.filter((item) => item.id?.startsWith('connect:'));
    expect(connect).toEqual([
      { id: 'connect:notion', label: 'Connect notion…', action: { type: 'connect-server', server: 'notion' } },
      { id: 'connect:linear', label: 'Connect linear…', action: { type: 'connect-server', server: 'linear' } },
    ]);
  });

  it('lists virtual servers as their own checkbox section', () => {
    const menu = buildTrayMenu(state({ servers: [server('github', true, runningState)], virtualServers: [{ name: 'coding', enabled: true }, { name: 'writing', enabled: false }] }));
    expect(byId(menu, 'virtual-servers-header')?.label).toBe('Virtual servers');
    expect(byId(menu, 'virtual-server:coding')).toMatchObject({ type: 'checkbox', checked: true, action: { type: 'set-virtual-server-enabled', server: 'coding', enabled: false } });
    expect(byId(menu, 'virtual-server:writing')).toMatchObject({ checked: false, action: { type: 'set-virtual-server-enabled', server: 'writing', enabled: true } });
    expect(ids(menu).indexOf('virtual-servers-header')).toBeGreaterThan(ids(menu).indexOf('server:github'));
  });

  it('moves long server lists into a submenu', () => {
    const many = Array.from({ length: INLINE_SERVER_LIMIT + 1 }, (_, index) => server(`s${index}`, true, runningState));
    const menu = buildTrayMenu(state({ servers: many }));
    const submenu = byId(menu, 'servers');
    expect(submenu).toMatchObject({ type: 'submenu', label: `Servers (${many.length})` });
    expect(submenu?.submenu).toHaveLength(many.length);
    expect(byId(menu, 'server:s0')).toBeUndefined();
  });

  it('reflects and flips "Open at login"', () => {
    expect(byId(buildTrayMenu(state({ openAtLogin: false })), 'open-at-login')).toMatchObject({ type: 'checkbox', checked: false, action: { type: 'set-open-at-login', enabled: true } });
    expect(byId(buildTrayMenu(state({ openAtLogin: true })), 'open-at-login')).toMatchObject({ checked: true, action: { type: 'set-open-at-login', enabled: false } });
  });

  it('shows a starting hub and a failed hub without an endpoint item', () => {
    const starting = buildTrayMenu(state({ hub: { status: 'starting' } }));
    expect(byId(starting, 'hub-status')?.label).toBe('Patchbay hub starting…');
    expect(byId(starting, 'hub-endpoint')).toBeUndefined();
    const failed = buildTrayMenu(state({ hub: { status: 'error', message: 'Port 4242 is in use' } }));
    expect(byId(failed, 'hub-status')).toMatchObject({ label: 'Patchbay hub stopped', sublabel: 'Port 4242 is in use' });
    expect(byId(failed, 'quit')).toBeDefined();
  });
});

describe('trayIconKind and trayToolTip', () => {
  it('is ok while every enabled server runs, error when one fails or needs auth', () => {
    expect(trayIconKind(state())).toBe('ok');
    expect(trayIconKind(state({ servers: [server('a', true, runningState), server('b', false, { status: 'disabled' })] }))).toBe('ok');
    expect(trayIconKind(state({ servers: [server('a', true, { status: 'error', message: 'x', attempt: 1 })] }))).toBe('error');
    expect(trayIconKind(state({ servers: [server('a', true, { status: 'needs-auth', message: 'x' })] }))).toBe('error');
    expect(trayIconKind(state({ hub: { status: 'error', message: 'x' } }))).toBe('error');
  });

  it('summarises the servers', () => {
    expect(trayToolTip(state({ servers: [server('a', true, runningState), server('b', true, { status: 'error', message: 'x', attempt: 1 }), server('c', false, { status: 'disabled' })] }))).toBe(
      'Patchbay — 1/2 servers running, 1 need attention',
    );
    expect(trayToolTip(state({ servers: [server('a', true, runningState)] }))).toBe('Patchbay — 1/1 servers running');
    expect(trayToolTip(state({ hub: { status: 'starting' } }))).toBe('Patchbay — starting…');
  });
});
