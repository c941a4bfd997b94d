import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HIDDEN_ARG, autostartPlan, desktopEntry, loginItemSettings, shouldStartHidden } from '../../../electron/main/autostart';

describe('loginItemSettings', () => {
  it('opens hidden on macOS', () => {
    expect(loginItemSettings({ platform: 'darwin', execPath: '/Applications/Patchbay.app/Contents/MacOS/Patchbay' }, true)).toEqual({ openAtLogin: true, openAsHidden: true });
    expect(loginItemSettings({ platform: 'darwin', execPath: '/x' }, false)).toEqual({ openAtLogin: false, openAsHidden: true });
  });

  it('passes --hidden on Windows, after the app folder when unpackaged', () => {
    expect(loginItemSettings({ platform: 'win32', execPath: 'C:\\Patchbay\\Patchbay.exe' }, true)).toEqual({ openAtLogin: true, path: 'C:\\Patchbay\\Patchbay.exe', args: [HIDDEN_ARG] });
    expect(loginItemSettings({ platform: 'win32', execPath: 'C:\\e\\electron.exe', appArgs: ['C:\\src\\patchbay'] }, false)).toEqual({
      openAtLogin: false,
      path: 'C:\\e\\electron.exe',
      args: ['C:\\src\\patchbay', '--hidden'],
    });
  });
});

describe('autostartPlan', () => {
  it('uses login items on macOS and Windows', () => {
    expect(autostartPlan({ platform: 'darwin', execPath: '/x' }, true, '/Users/me')).toEqual({ kind: 'login-item', settings: { openAtLogin: true, openAsHidden: true } });
    expect(autostartPlan({ platform: 'win32', execPath: 'C:\\P.exe' }, true, 'C:\\Users\\me').kind).toBe('login-item');
  });

  it('writes an XDG autostart entry on Linux (honouring XDG_CONFIG_HOME and $APPIMAGE), removes it when off', () => {
    const on = autostartPlan({ platform: 'linux', execPath: '/opt/Patchbay/patchbay', env: {} }, true, '/home/me');
    expect(on).toEqual({ kind: 'desktop-entry', file: join('/home/me', '.config', 'autostart', 'patchbay.desktop'), content: desktopEntry('/opt/Patchbay/patchbay', ['--hidden']) });
    expect(on.kind === 'desktop-entry' && on.content).toContain('Exec=/opt/Patchbay/patchbay --hidden\n');

    const appImage = autostartPlan({ platform: 'linux', execPath: '/tmp/.mount_Patch/patchbay', env: { APPIMAGE: '/home/me/Apps/Patchbay.AppImage', XDG_CONFIG_HOME: '/cfg' } }, true, '/home/me');
    expect(appImage.kind === 'desktop-entry' && appImage.file).toBe(join('/cfg', 'autostart', 'patchbay.desktop'));
    expect(appImage.kind === 'desktop-entry' && appImage.content).toContain('Exec=/home/me/Apps/Patchbay.AppImage --hidden\n');

    expect(autostartPlan({ platform: 'linux', execPath: '/x', env: {} }, false, '/home/me')).toMatchObject({ kind: 'desktop-entry', content: undefined });
  });

  it('quotes Exec arguments as the Desktop Entry spec says', () => {
    const entry = desktopEntry('/home/me/My Apps/electron', ['/src/50%/patchbay', '--hidden']);
    expect(entry).toContain('Exec="/home/me/My Apps/electron" /src/50%%/patchbay --hidden\n');
    expect(desktopEntry('/a"b$c', [])).toContain('Exec="/a\\\\"b\\\\$c"\n');
    expect(entry.startsWith('[Desktop Entry]\nType=Application\nName=Patchbay\n')).toBe(true);
  });
});

describe('shouldStartHidden', () => {
  it('follows --hidden on Windows and Linux', () => {
    expect(shouldStartHidden({ argv: ['Patchbay.exe', '--hidden'], platform: 'win32', startHidden: false })).toBe(true);
    expect(shouldStartHidden({ argv: ['patchbay'], platform: 'linux', startHidden: false })).toBe(false);
    expect(shouldStartHidden({ argv: ['patchbay'], platform: 'linux', openedAtLogin: true, startHidden: false })).toBe(false);
  });

  it('follows the login-item flag on macOS', () => {
    expect(shouldStartHidden({ argv: ['Patchbay'], platform: 'darwin', openedAtLogin: true, startHidden: false })).toBe(true);
    expect(shouldStartHidden({ argv: ['Patchbay'], platform: 'darwin', openedAtLogin: false, startHidden: false })).toBe(false);
  });

  it('always starts hidden with the startHidden preference', () => {
    expect(shouldStartHidden({ argv: [], platform: 'linux', startHidden: true })).toBe(true);
    expect(shouldStartHidden({ argv: [], platform: 'darwin', startHidden: true })).toBe(true);
  });
});
