// Upstream auth: a server's auth status for the caller, the OAuth connect flow, revoke, the
// caller's own API key ("override") and the trusted external identities
// (hub/serve/routes/authRoutes.ts).
import type { AuthConnectView, AuthStatusView, CreateIdentityInput, IdentityView } from '../../../shared/api';
import type { DesktopBridge } from '../../../shared/desktopBridge';
import { enc, request } from './client';

declare global {
  interface Window {
    patchbay?: DesktopBridge;
  }
}

export const authApi = {
  status: (server: string, state?: string, signal?: AbortSignal) => request<AuthStatusView>('GET', `/servers/${enc(server)}/auth${state ? `?state=${enc(state)}` : ''}`, undefined, signal),
  connect: (server: string) => request<AuthConnectView>('POST', `/servers/${enc(server)}/auth/connect`, {}),
  revoke: (server: string) => request<unknown>('POST', `/servers/${enc(server)}/auth/revoke`, {}),
  setOverride: (server: string, value: string) => request<unknown>('PUT', `/servers/${enc(server)}/auth/override`, { value }),
  deleteOverride: (server: string) => request<{ removed: boolean }>('DELETE', `/servers/${enc(server)}/auth/override`),
  identities: (signal?: AbortSignal) => request<IdentityView[]>('GET', '/identities', undefined, signal),
  createIdentity: (input: CreateIdentityInput) => request<IdentityView>('POST', '/identities', input),
  removeIdentity: (name: string) => request<unknown>('DELETE', `/identities/${enc(name)}`),
};

/**
 * Opens a sign-in page outside the UI. The desktop app hands it to the system browser; a browser tab
 * opens a new tab. Call `prepare()` in the click handler itself (before any await): browsers allow
 * new windows only during a user gesture, so the tab is opened blank first and pointed at the URL
 * once the hub returned it. `open(url)` answers false when no window could be opened (blocked).
 */
export function externalOpener(): { open(url: string): Promise<boolean>; cancel(): void } {
  const bridge = window.patchbay;
  if (bridge) return { open: (url) => bridge.openExternal(url).then(() => true), cancel: () => undefined };
  const tab = window.open('about:blank', '_blank');
  if (tab) tab.opener = null;
  return {
    open: async (url) => {
      if (!tab || tab.closed) return false;
      tab.location.href = url;
      return true;
    },
    cancel: () => tab?.close(),
  };
}
