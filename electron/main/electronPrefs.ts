import { DEFAULT_PREFS, readPrefs, validatePrefsPatch } from './prefs';
import type { DesktopPrefs, PrefsStore } from './prefs';

// electron-store behind the PrefsStore interface. electron-store is ESM-only and imports
// 'electron' itself, so it is loaded with a dynamic import (kept as import() in the CJS bundle)
// and only ever inside Electron.

export async function openElectronPrefs(): Promise<PrefsStore> {
  const { default: Store } = await import('electron-store');
  const store = new Store<DesktopPrefs>({
    name: 'desktop-prefs',
    defaults: { ...DEFAULT_PREFS },
    clearInvalidConfig: true,
  });
  return {
    read: () => readPrefs(store.store),
    update(patch) {
      const valid = validatePrefsPatch(patch);
      for (const [key, value] of Object.entries(valid) as Array<[keyof DesktopPrefs, DesktopPrefs[keyof DesktopPrefs]]>) {
        store.set(key, value);
      }
      return readPrefs(store.store);
    },
  };
}
