// Data the whole UI shares: the hub status (endpoint, version) and the live server list, polled
// every 2 s while the page is visible. Pages read them with useHub(); a change made through the
// API calls `servers.reload()` so the list is fresh at once.
import { createContext, useCallback, useContext, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { ServerView, StatusView } from '../../../shared/api';
import { api } from './client';
import { useResource } from './hooks';
import type { Resource } from './hooks';

export const SERVER_POLL_MS = 2000;

interface HubData {
  status: Resource<StatusView>;
  servers: Resource<ServerView[]> & {
    /**
     * Shows `patch` over the server until the polled list has a different `updatedAt` than the
     * server had when the change began (optimistic toggles). `undefined` drops it (on failure).
     */
    override(server: ServerView, patch: Partial<ServerView> | undefined): void;
  };
}

const HubContext = createContext<HubData | undefined>(undefined);

export function HubDataProvider({ children }: { children: ReactNode }) {
  const status = useResource((signal) => api.status(signal), 'status');
  const list = useResource((signal) => api.servers(signal), 'servers', SERVER_POLL_MS);
  const [overrides, setOverrides] = useState<Record<string, { base: string; patch: Partial<ServerView> }>>({});
  const override = useCallback((server: ServerView, patch: Partial<ServerView> | undefined) => {
    setOverrides((previous) => {
      const next = { ...previous };
      if (patch) next[server.name] = { base: server.updatedAt, patch };
      else delete next[server.name];
      return next;
    });
  }, []);
  const servers = useMemo(() => {
    const apply = (server: ServerView): ServerView => {
      const entry = overrides[server.name];
      return entry && entry.base === server.updatedAt ? { ...server, ...entry.patch } : server;
    };
    const data = list.data && Object.keys(overrides).length > 0 ? list.data.map(apply) : list.data;
    return { ...list, data, override };
  }, [list, overrides, override]);
  const value = useMemo(() => ({ status, servers }), [status, servers]);
  return <HubContext.Provider value={value}>{children}</HubContext.Provider>;
}

export function useHub(): HubData {
  const value = useContext(HubContext);
  if (!value) throw new Error('useHub() outside <HubDataProvider>');
  return value;
}
