import { describe, expect, it } from 'vitest';
import { runTrayAction, toElectronTemplate } from '../../../electron/main/trayActions';
import type { TrayEffects } from '../../../electron/main/trayActions';
import type { TrayAction } from '../../../electron/main/trayMenu';

/** Records what each action did; the effects main.ts implements with Electron. */
function recorder(failWith?: Error): { effects: TrayEffects; log: string[] } {
  const log: string[] = [];
  const maybeFail = async (entry: string): Promise<void> => {
    log.push(entry);
    if (failWith) throw failWith;
  };
  return {
    log,
    effects: {
      copyText: (text) => log.push(`copy ${text}`),
      setServerEnabled: (name, enabled) => maybeFail(`server ${name} ${enabled}`),
      setVirtualServerEnabled: (name, enabled) => maybeFail(`virtual ${name} ${enabled}`),
      connectServer: (name) => maybeFail(`connect ${name}`),
      showWindow: () => log.push('show'),
      setOpenAtLogin: (enabled) => log.push(`login ${enabled}`),
      quit: () => log.push('quit'),
      refresh: () => log.push('refresh'),
      reportError: (title, message) => log.push(`error ${title}: ${message}`),
    },
  };
}

describe('runTrayAction', () => {
  it('maps each action to its effect and refreshes the menu afterwards (but not on quit)', async () => {
    const cases: Array<[TrayAction, string[]]> = [
      [{ type: 'copy-endpoint', text: 'http://127.0.0.1:4242/mcp' }, ['copy http://127.0.0.1:4242/mcp', 'refresh']],
      [{ type: 'set-server-enabled', server: 'github', enabled: false }, ['server github false', 'refresh']],
      [{ type: 'set-virtual-server-enabled', server: 'coding', enabled: true }, ['virtual coding true', 'refresh']],
      [{ type: 'connect-server', server: 'notion' }, ['connect notion', 'refresh']],
      [{ type: 'open-window' }, ['show', 'refresh']],
      [{ type: 'set-open-at-login', enabled: true }, ['login true', 'refresh']],
      [{ type: 'quit' }, ['quit']],
    ];
    for (const [action, expected] of cases) {
      const { effects, log } = recorder();
      await runTrayAction(action, effects);
      expect(log, action.type).toEqual(expected);
    }
  });

  it('reports a failure with a title naming what failed, then refreshes', async () => {
    const { effects, log } = recorder(new Error('Server "github" was not found; run patchbay server list.'));
    await runTrayAction({ type: 'set-server-enabled', server: 'github', enabled: true }, effects);
    expect(log).toEqual(['server github true', 'error Could not enable github: Server "github" was not found; run patchbay server list.', 'refresh']);
  });
});

describe('toElectronTemplate', () => {
  it('keeps the data, drops the descriptors and wires clicks (also in submenus)', () => {
    const clicked: TrayAction[] = [];
    const template = toElectronTemplate(
      [
        { id: 'hub-status', label: 'Patchbay', enabled: false },
        { type: 'separator' },
        { id: 'servers', type: 'submenu', label: 'Servers', submenu: [{ id: 'server:a', type: 'checkbox', checked: true, label: 'a', action: { type: 'set-server-enabled', server: 'a', enabled: false } }] },
        { id: 'quit', label: 'Quit', action: { type: 'quit' } },
      ],
      (action) => clicked.push(action),
    );
    expect(template[0]).toEqual({ id: 'hub-status', label: 'Patchbay', enabled: false });
    expect(template[0]).not.toHaveProperty('click');
    const sub = template[2]?.submenu;
    expect(Array.isArray(sub)).toBe(true);
    const item = Array.isArray(sub) ? sub[0] : undefined;
    expect(item).toMatchObject({ id: 'server:a', type: 'checkbox', checked: true });
    expect(item).not.toHaveProperty('action');
    const click = (entry: typeof item): void => (entry?.click as unknown as () => void)();
    click(item);
    click(template[3]);
    expect(clicked).toEqual([{ type: 'set-server-enabled', server: 'a', enabled: false }, { type: 'quit' }]);
  });
});
