import { describe, expect, it } from 'vitest';
import { DESKTOP_CSP, withCspFallback } from '../../../electron/main/csp';
import { isPermissionAllowed, navigationDecision, originOf, windowOpenDecision } from '../../../electron/main/navigation';
import { windowOptions } from '../../../electron/main/windowOptions';
import { DEFAULT_PREFS } from '../../../electron/main/prefs';

const hub = 'http://127.0.0.1:4242';

describe('windowOptions', () => {
  it('isolates and sandboxes the page and gives it no Node', () => {
    const options = windowOptions(DEFAULT_PREFS, '/app/dist/electron/preload.cjs');
    expect(options.webPreferences).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(options.webPreferences).not.toHaveProperty('enableRemoteModule');
    expect(options.show).toBe(false);
  });

  it('takes size and position from the prefs, dropping positions off every display', () => {
    const prefs = { ...DEFAULT_PREFS, windowBounds: { x: 100, y: 80, width: 1000, height: 700 } };
    expect(windowOptions(prefs, 'p', { displays: [{ x: 0, y: 0, width: 1920, height: 1080 }] })).toMatchObject({ x: 100, y: 80, width: 1000, height: 700 });
    const offScreen = windowOptions({ ...prefs, windowBounds: { x: 5000, y: 80, width: 1000, height: 700 } }, 'p', { displays: [{ x: 0, y: 0, width: 1920, height: 1080 }] });
    expect(offScreen).toMatchObject({ width: 1000, height: 700 });
    expect(offScreen).not.toHaveProperty('x');
    expect(windowOptions(DEFAULT_PREFS, 'p')).toMatchObject({ width: 1200, height: 800 });
    expect(windowOptions(DEFAULT_PREFS, 'p')).not.toHaveProperty('x');
  });

  it('picks the background from the theme', () => {
    expect(windowOptions({ ...DEFAULT_PREFS, theme: 'dark' }, 'p').backgroundColor).toBe('#17171c');
    expect(windowOptions({ ...DEFAULT_PREFS, theme: 'light' }, 'p', { prefersDark: true }).backgroundColor).toBe('#ffffff');
    expect(windowOptions({ ...DEFAULT_PREFS, theme: 'system' }, 'p', { prefersDark: true }).backgroundColor).toBe('#17171c');
  });
});

describe('withCspFallback', () => {
  it('adds the CSP to hub responses that have none', () => {
    const headers = withCspFallback(`${hub}/oops`, { 'Content-Type': ['text/html'] }, hub);
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [DESKTOP_CSP] });
    expect(DESKTOP_CSP).toContain("default-src 'self'");
    expect(DESKTOP_CSP).toContain("script-src 'self'");
    expect(DESKTOP_CSP).not.toContain('unsafe-eval');
  });

  it("keeps the hub's own CSP whatever the header's case", () => {
    const own = { 'content-security-policy': ["default-src 'self'"] };
    expect(withCspFallback(`${hub}/`, own, hub)).toEqual(own);
  });

  it('leaves other origins and missing headers alone', () => {
    expect(withCspFallback('http://127.0.0.1:9999/', { a: ['b'] }, hub)).toEqual({ a: ['b'] });
    expect(withCspFallback(`${hub}/`, undefined, hub)).toEqual({ 'Content-Security-Policy': [DESKTOP_CSP] });
  });
});

describe('navigation', () => {
  it('allows the hub origin only; other http(s) goes to the browser; other schemes are denied', () => {
    expect(navigationDecision(`${hub}/servers/github`, hub)).toBe('allow');
    expect(navigationDecision('http://127.0.0.1:4243/', hub)).toBe('open-external');
    expect(navigationDecision('http://localhost:4242/', hub)).toBe('open-external');
    expect(navigationDecision('https://github.com/login/oauth/authorize?x=1', hub)).toBe('open-external');
    expect(navigationDecision('file:///etc/passwd', hub)).toBe('deny');
    expect(navigationDecision('javascript:alert(1)', hub)).toBe('deny');
    expect(navigationDecision('not a url', hub)).toBe('deny');
  });

  it('never opens new windows', () => {
    expect(windowOpenDecision(`${hub}/docs`, hub)).toBe('load-in-window');
    expect(windowOpenDecision('https://example.com/', hub)).toBe('open-external');
    expect(windowOpenDecision('vscode://settings', hub)).toBe('deny');
  });

  it('denies permissions except clipboard writes from the hub', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', `${hub}/`, hub)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/', hub)).toBe(false);
    expect(isPermissionAllowed('media', `${hub}/`, hub)).toBe(false);
    expect(isPermissionAllowed('notifications', `${hub}/`, hub)).toBe(false);
    expect(isPermissionAllowed('clipboard-read', `${hub}/`, hub)).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', undefined, hub)).toBe(false);
  });

  it('computes origins', () => {
    expect(originOf('http://127.0.0.1:4242/a?b#c')).toBe(hub);
    expect(originOf('data:text/html,x')).toBeUndefined();
    expect(originOf('')).toBeUndefined();
  });
});
