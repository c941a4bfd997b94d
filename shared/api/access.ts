// Admin API contract: access. Part of shared/api.ts (the barrel); see there.
import { z } from 'zod';
import type { TokenInfo } from '../apiTypes';
import { USER_NAME_PATTERN } from './constants';
import type { AccessAction } from './constants';

// ==== Access: users, teams, roles, collaborators, audit log (issue 8) =======================
export type Role = 'manager' | 'user';
/** The owner is manager of everything; `owner` appears where an effective role is shown. */
export type EffectiveRole = 'owner' | Role;
export type ResourceKind = 'server' | 'bundle';
// AccessAction, ACCESS_ACTIONS and USER_NAME_PATTERN are in ./constants (zod-free, for start-up code).

export const RoleSchema = z.enum(['manager', 'user']);
export const UserNameSchema = z.string().regex(USER_NAME_PATTERN, 'Invalid name: use 1-48 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit (e.g. "alice").');

export const CreateUserSchema = z.object({ name: UserNameSchema, displayName: z.string().max(200).optional() }).strict();
export type CreateUserInput = z.input<typeof CreateUserSchema>;
export const CreateTeamSchema = z.object({ name: UserNameSchema }).strict();
export const TeamMemberSchema = z.object({ user: UserNameSchema }).strict();

/** A collaborator: exactly one of user / team. */
export const GrantSchema = z
  .object({ user: UserNameSchema.optional(), team: UserNameSchema.optional(), role: RoleSchema })
  .strict()
  .refine((value) => (value.user === undefined) !== (value.team === undefined), 'Give exactly one of "user" or "team".');
export type GrantInput = z.input<typeof GrantSchema>;

export const AuditQuerySchema = z
  .object({
    server: z.string().max(64).optional(),
    user: z.string().max(64).optional(),
    tool: z.string().max(256).optional(),
    outcome: z.enum(['ok', 'tool_error', 'error']).optional(),
    /** ISO date-time, or a duration back from now: 30m, 12h, 7d. */
    since: z.string().max(40).optional(),
    until: z.string().max(40).optional(),
    limit: z.coerce.number().int().positive().max(100_000).optional(),
    format: z.enum(['json', 'jsonl']).optional(),
  })
  .strict();
export type AuditQueryInput = z.input<typeof AuditQuerySchema>;

export const AuditSettingsSchema = z
  .object({
    recordArguments: z.boolean().optional(),
    maxAgeDays: z.number().int().positive().max(3650).optional(),
    maxRows: z.number().int().positive().max(10_000_000).optional(),
  })
  .strict();

export interface UserView {
  id: string;
  name: string;
  displayName?: string;
  owner: boolean;
  teams: string[];
  createdAt: string;
}

export interface TeamView {
  id: string;
  name: string;
  members: string[];
  createdAt: string;
}

export interface CollaboratorView {
  kind: 'user' | 'team';
  name: string;
  role: Role;
}

/** "View permission details": who can do what on one server or virtual server. */
export interface AccessDetail {
  resource: { kind: ResourceKind; name: string };
  collaborators: CollaboratorView[];
  /** Every user with an effective role, how they got it, and what it allows. */
  users: Array<{ user: string; role: EffectiveRole; via: string[]; can: AccessAction[] }>;
}

/** A hub access token as the API lists it (never the secret). */
export interface AccessTokenInfo extends TokenInfo {
  userId: string;
  /** The owner's name for the user (filled in by the API). */
  user?: string;
  /** Restricted to these servers / virtual servers; absent = everything the user may use. */
  servers?: string[];
}

export type AuditFace = 'mcp' | 'stdio' | 'api' | 'ui' | 'cli' | 'playground' | 'local';
export type AuditOutcome = 'ok' | 'tool_error' | 'error';

export interface AuditEntry {
  id: number;
  time: string;
  userId: string;
  user?: string;
  tokenId?: string;
  tokenName?: string;
  client?: string;
  face: AuditFace;
  server: string;
  tool: string;
  durationMs: number;
  outcome: AuditOutcome;
  error?: string;
  argsBytes: number;
  resultBytes: number;
  /** Only when argument recording is on; secrets redacted. */
  arguments?: unknown;
}

export interface AuditSettings {
  recordArguments: boolean;
  maxAgeDays: number;
  maxRows: number;
}

export interface ServerStats {
  server: string;
  since: string;
  calls: number;
  errors: number;
  /** errors / calls, 0 when there were no calls. */
  errorRate: number;
  p50DurationMs?: number;
  lastCallAt?: string;
}
