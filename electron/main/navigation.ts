// Where the window may go. It shows the hub's own origin and nothing else: other http(s) links
// open in the system browser, anything else (file:, javascript:, custom schemes) is refused.

export type NavigationDecision = 'allow' | 'open-external' | 'deny';

/** `http://127.0.0.1:4242/servers` -> `http://127.0.0.1:4242`; undefined for unparsable input. */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.origin === 'null' ? undefined : parsed.origin;
  } catch {
    return undefined;
  }
}

export function isSameOrigin(url: string, origin: string): boolean {
  const own = originOf(url);
  return own !== undefined && own === originOf(origin);
}

export function isHttpUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** For `will-navigate` / `will-redirect` / `will-frame-navigate`. */
export function navigationDecision(url: string, hubOrigin: string): NavigationDecision {
  if (isSameOrigin(url, hubOrigin)) return 'allow';
  return isHttpUrl(url) ? 'open-external' : 'deny';
}

/** For `setWindowOpenHandler` (target=_blank, window.open): never a new Electron window. */
export type WindowOpenDecision = 'load-in-window' | 'open-external' | 'deny';

export function windowOpenDecision(url: string, hubOrigin: string): WindowOpenDecision {
  if (isSameOrigin(url, hubOrigin)) return 'load-in-window';
  return isHttpUrl(url) ? 'open-external' : 'deny';
}

/** Permissions the hub's UI may use; everything else (camera, geolocation, notifications...) is refused. */
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string, requestingUrl: string | undefined, hubOrigin: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && requestingUrl !== undefined && isSameOrigin(requestingUrl, hubOrigin);
}
