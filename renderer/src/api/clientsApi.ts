// Client setup: `/api/clients...` (hub/serve/routes/clientRoutes.ts). The hub edits the config
// files of its own user (its HOME), so this page is about the machine the hub runs on.
import type {
  ClientConnectResult,
  ClientDisconnectResult,
  ClientImportResult,
  ClientSnippet,
  ClientStatusView,
  ConnectClientInput,
  DisconnectClientInput,
  ImportClientInput,
} from '../../../shared/api';
import { enc, request } from './client';

export const clientsApi = {
  doctor: (signal?: AbortSignal) => request<ClientStatusView[]>('GET', '/clients', undefined, signal),
  snippets: (target: string | undefined, signal?: AbortSignal) => request<ClientSnippet[]>('GET', `/clients/snippets${target ? `?target=${enc(target)}` : ''}`, undefined, signal),
  connect: (client: string, input: ConnectClientInput) => request<ClientConnectResult>('POST', `/clients/${enc(client)}/connect`, input),
  disconnect: (client: string, input: DisconnectClientInput) => request<ClientDisconnectResult>('POST', `/clients/${enc(client)}/disconnect`, input),
  import: (client: string, input: ImportClientInput) => request<ClientImportResult>('POST', `/clients/${enc(client)}/import`, input),
};
