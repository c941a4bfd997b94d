import { useSyncExternalStore } from 'react';

// Light, dark, or whatever the system says. The choice lives in localStorage; `data-theme` on
// <html> selects the CSS variables (styles.css); "system" follows prefers-color-scheme.

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'patchbay.theme';
const listeners = new Set<() => void>();
let current: ThemeChoice = readStored();

function readStored(): ThemeChoice {
  try {
    const value = window.localStorage.getItem(KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

/** Applies the stored choice; call once before the first render to avoid a flash. */
export function applyStoredTheme(): void {
  applyTheme(current);
}

function applyTheme(choice: ThemeChoice): void {
  const root = document.documentElement;
  if (choice === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', choice);
}

export function setTheme(choice: ThemeChoice): void {
  current = choice;
  applyTheme(choice);
  try {
    if (choice === 'system') window.localStorage.removeItem(KEY);
    else window.localStorage.setItem(KEY, choice);
  } catch {
    // Storage may be unavailable; the choice then lasts for this page only.
  }
  for (const listener of listeners) listener();
}

/** The theme actually shown, resolving "system" with prefers-color-scheme. */
export function effectiveTheme(choice: ThemeChoice): 'light' | 'dark' {
  if (choice !== 'system') return choice;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function useTheme(): ThemeChoice {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}
