// Access (users, teams, roles, collaborators) and the audit log: the admin API calls behind the
// Users & teams, permission details, Tokens and Audit log screens (hub/serve/routes/accessRoutes.ts,
// auditRoutes.ts, hubRoutes.ts). Errors are ApiErrors whose messages the screens show as they come.
import type {
  AccessDetail,
  AccessTokenInfo,
  AuditEntry,
  AuditOutcome,
  AuditSettings,
  BundleView,
  CollaboratorView,
  CreatedToken,
  CreateTokenInput,
  CreateUserInput,
  GrantInput,
  ResourceKind,
  ServerStats,
  TeamView,
  UserView,
} from '../../../shared/api';
import { ApiError, enc, request } from './client';

/** GET /api/access/me: who the UI acts for, and a token restriction if any. */
export type MeView = UserView & { tokenServers?: string[] };

export interface AuditFilters {
  server?: string;
  user?: string;
  tool?: string;
  outcome?: AuditOutcome;
  /** ISO date-time or a duration back from now (30m, 12h, 7d). */
  since?: string;
  until?: string;
  limit?: number;
}

/** The query string of an audit request (empty values left out). */
export function auditQuery(filters: AuditFilters, format?: 'jsonl'): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value !== undefined && value !== '') params.set(key, String(value));
  if (format) params.set('format', format);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const accessApi = {
  me: (signal?: AbortSignal) => request<MeView>('GET', '/access/me', undefined, signal),
  users: (signal?: AbortSignal) => request<UserView[]>('GET', '/users', undefined, signal),
  createUser: (input: CreateUserInput) => request<UserView>('POST', '/users', input),
  removeUser: (name: string) => request<unknown>('DELETE', `/users/${enc(name)}`),
  teams: (signal?: AbortSignal) => request<TeamView[]>('GET', '/teams', undefined, signal),
  createTeam: (name: string) => request<TeamView>('POST', '/teams', { name }),
  removeTeam: (name: string) => request<unknown>('DELETE', `/teams/${enc(name)}`),
  addMember: (team: string, user: string) => request<TeamView>('POST', `/teams/${enc(team)}/members`, { user }),
  removeMember: (team: string, user: string) => request<TeamView>('DELETE', `/teams/${enc(team)}/members/${enc(user)}`),

  detail: (kind: ResourceKind, name: string, signal?: AbortSignal) => request<AccessDetail>('GET', `/access/${kind}/${enc(name)}`, undefined, signal),
  grant: (kind: ResourceKind, name: string, input: GrantInput) => request<CollaboratorView>('POST', `/access/${kind}/${enc(name)}/collaborators`, input),
  revoke: (kind: ResourceKind, name: string, who: { kind: 'user' | 'team'; name: string }) => request<CollaboratorView>('DELETE', `/access/${kind}/${enc(name)}/collaborators/${who.kind}/${enc(who.name)}`),

  tokens: (signal?: AbortSignal) => request<AccessTokenInfo[]>('GET', '/tokens', undefined, signal),
  createToken: (input: CreateTokenInput) => request<CreatedToken & { info: AccessTokenInfo }>('POST', '/tokens', input),
  bundles: (signal?: AbortSignal) => request<BundleView[]>('GET', '/bundles', undefined, signal),

  audit: (filters: AuditFilters, signal?: AbortSignal) => request<AuditEntry[]>('GET', `/audit${auditQuery(filters)}`, undefined, signal),
  /** The export URL (same origin: the session cookie authenticates the download). */
  auditExportUrl: (filters: AuditFilters) => `/api/audit${auditQuery({ ...filters, limit: undefined }, 'jsonl')}`,
  auditSettings: (signal?: AbortSignal) => request<AuditSettings>('GET', '/audit/settings', undefined, signal),
  updateAuditSettings: (patch: Partial<AuditSettings>) => request<AuditSettings>('PATCH', '/audit/settings', patch),
  stats: (server: string, since?: string, signal?: AbortSignal) => request<ServerStats>('GET', `/servers/${enc(server)}/stats${since ? `?since=${enc(since)}` : ''}`, undefined, signal),
};

/** Whether an error is the API refusing the caller's role (403), so a screen can explain instead of failing. */
export function isForbidden(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 403;
}
