import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFS, prefsSchema, readPrefs, validatePrefsPatch } from '../../../electron/main/prefs';
import { boundsToSave } from '../../../electron/main/windowOptions';

describe('readPrefs', () => {
  it('gives the defaults for nothing or garbage', () => {
    for (const raw of [undefined, null, 'x', 42, [], {}]) expect(readPrefs(raw)).toEqual(DEFAULT_PREFS);
    expect(prefsSchema.safeParse(DEFAULT_PREFS).success).toBe(true);
  });

  it('keeps valid fields and replaces only the invalid ones', () => {
    const prefs = readPrefs({ windowBounds: { x: 10, y: 20, width: 900, height: 600, maximized: true }, startHidden: 'yes', theme: 'dark', legacyField: 1 });
    expect(prefs).toEqual({ windowBounds: { x: 10, y: 20, width: 900, height: 600, maximized: true }, startHidden: false, theme: 'dark' });
    expect(readPrefs({ theme: 'purple', startHidden: true })).toEqual({ ...DEFAULT_PREFS, startHidden: true });
  });

  it('keeps the size when only the position is broken, and drops sizes that are too small', () => {
    expect(readPrefs({ windowBounds: { x: 'left', y: 2.5, width: 1000, height: 700 } }).windowBounds).toEqual({ width: 1000, height: 700 });
    expect(readPrefs({ windowBounds: { width: 10, height: 700 } }).windowBounds).toEqual(DEFAULT_PREFS.windowBounds);
  });
});

describe('validatePrefsPatch', () => {
  it('accepts valid partial changes', () => {
    expect(validatePrefsPatch({ theme: 'light' })).toEqual({ theme: 'light' });
    expect(validatePrefsPatch({ windowBounds: { width: 800, height: 600 } })).toEqual({ windowBounds: { width: 800, height: 600 } });
  });

  it('rejects bad values and unknown keys, naming the field', () => {
    expect(() => validatePrefsPatch({ theme: 'purple' })).toThrow(/theme/);
    expect(() => validatePrefsPatch({ startHidden: 1 })).toThrow(/startHidden/);
    expect(() => validatePrefsPatch({ nope: true })).toThrow(/Nothing was saved/);
  });
});

describe('boundsToSave', () => {
  it('rounds, clamps to the minimum size and records maximised windows', () => {
    expect(boundsToSave({ x: 10.4, y: 20.6, width: 1000.2, height: 700 }, false)).toEqual({ x: 10, y: 21, width: 1000, height: 700 });
    expect(boundsToSave({ x: 0, y: 0, width: 100, height: 100 }, true)).toEqual({ x: 0, y: 0, width: 720, height: 480, maximized: true });
    expect(validatePrefsPatch({ windowBounds: boundsToSave({ x: -1920, y: 0, width: 1000, height: 700 }, true) })).toBeTruthy();
  });
});
