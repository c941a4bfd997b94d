import { shell } from 'electron';
import type { Session, WebContents } from 'electron';
import { withCspFallback } from './csp';
import { isHttpUrl, isPermissionAllowed, navigationDecision, windowOpenDecision } from './navigation';

// Electron adapter for the pure rules in navigation.ts and csp.ts.

/** Session-wide: no permissions (bar clipboard writes from the hub), CSP fallback on hub responses. */
export function guardSession(session: Session, hubOrigin: () => string | undefined): void {
  session.setPermissionRequestHandler((contents, permission, callback) => {
    const origin = hubOrigin();
    callback(origin !== undefined && isPermissionAllowed(permission, contents.getURL(), origin));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => {
    const origin = hubOrigin();
    return origin !== undefined && isPermissionAllowed(permission, requestingOrigin, origin);
  });
  session.webRequest.onHeadersReceived((details, callback) => {
    const origin = hubOrigin();
    if (origin === undefined) return callback({});
    callback({ responseHeaders: withCspFallback(details.url, details.responseHeaders, origin) });
  });
}

/** Per web contents: navigation stays on the hub origin; other http(s) links go to the browser. */
export function guardWebContents(contents: WebContents, hubOrigin: () => string | undefined): void {
  const onNavigate = (event: { preventDefault(): void }, url: string): void => {
    const origin = hubOrigin();
    const decision = origin === undefined ? 'deny' : navigationDecision(url, origin);
    if (decision === 'allow') return;
    event.preventDefault();
    if (decision === 'open-external') void openExternalSafely(url);
  };
  contents.on('will-navigate', (event) => onNavigate(event, event.url));
  contents.on('will-redirect', (event) => onNavigate(event, event.url));
  contents.on('will-frame-navigate', (event) => onNavigate(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const origin = hubOrigin();
    const decision = origin === undefined ? 'deny' : windowOpenDecision(url, origin);
    if (decision === 'open-external') void openExternalSafely(url);
    if (decision === 'load-in-window') void contents.loadURL(url);
    return { action: 'deny' };
  });
}

export async function openExternalSafely(url: string): Promise<void> {
  if (!isHttpUrl(url)) return;
  await shell.openExternal(url);
}
