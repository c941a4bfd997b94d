// Admin API contract: clients. Part of shared/api.ts (the barrel); see there.
import { z } from 'zod';
import { ServerNameSchema } from './common';

// ---- clients: connect / disconnect / doctor / snippets / import (issue 6) -------------------------

export const CLIENT_SCOPES = ['user', 'project'] as const;
export const ClientScopeSchema = z.enum(CLIENT_SCOPES);

const ProjectDirSchema = z.string().min(1).max(4096);

export const ConnectClientSchema = z
  .object({
    /** One server (or virtual server) instead of the aggregate endpoint. */
    target: ServerNameSchema.optional(),
    scope: ClientScopeSchema.default('user'),
    /** The project directory for scope `project`. */
    projectDir: ProjectDirSchema.optional(),
    dryRun: z.boolean().default(false),
    /** Replace the entry's token with a new one even when it is still valid. */
    newToken: z.boolean().default(false),
  })
  .strict();
export type ConnectClientInput = z.input<typeof ConnectClientSchema>;

export const DisconnectClientSchema = z
  .object({
    target: ServerNameSchema.optional(),
    scope: ClientScopeSchema.default('user'),
    projectDir: ProjectDirSchema.optional(),
    dryRun: z.boolean().default(false),
  })
  .strict();
export type DisconnectClientInput = z.input<typeof DisconnectClientSchema>;

export const ImportClientSchema = z
  .object({
    scope: ClientScopeSchema.default('user'),
    projectDir: ProjectDirSchema.optional(),
    /** Swap the imported entries for the single hub entry in the client's file (a backup is kept). */
    replace: z.boolean().default(false),
    dryRun: z.boolean().default(false),
    /** Import only these entries (by their name in the client's config). */
    only: z.array(z.string().min(1).max(256)).max(256).optional(),
  })
  .strict();
export type ImportClientInput = z.input<typeof ImportClientSchema>;

export const ClientsQuerySchema = z.object({ projectDir: ProjectDirSchema.optional() });
export const ClientSnippetsQuerySchema = z.object({ target: ServerNameSchema.optional() });

export type ClientScopeName = (typeof CLIENT_SCOPES)[number];

export interface ClientTokenUse {
  /** The hub token's name, e.g. `cursor` or `cursor-github`. */
  name: string;
  id?: string;
  prefix?: string;
  /** The entry's existing token was still valid and is kept. */
  reused: boolean;
}

export interface ClientConnectResult {
  client: string;
  displayName: string;
  scope: ClientScopeName;
  /** The config file. */
  path: string;
  /** The entry name in that file: `patchbay` or `patchbay-TARGET`. */
  entryName: string;
  /** The MCP endpoint the entry points at (Claude Desktop reaches it through `patchbay stdio`). */
  url: string;
  dryRun: boolean;
  /** The file changed (or, in a dry run, would change). */
  changed: boolean;
  /** Where the previous version of the file was copied. */
  backupPath?: string;
  token: ClientTokenUse;
  /** Ids of tokens revoked because the entry no longer uses them. */
  revokedTokenIds: string[];
  /** Dry run: the change as a unified diff, tokens shortened. */
  diff?: string;
  /** Cursor: the cursor:// install link (it carries the token). */
  installLink?: string;
  /** Codex only: the new token, shown once; Codex reads it from $PATCHBAY_TOKEN. */
  newToken?: string;
  notes: string[];
}

export interface ClientDisconnectResult {
  client: string;
  displayName: string;
  scope: ClientScopeName;
  path: string;
  entryName: string;
  dryRun: boolean;
  changed: boolean;
  backupPath?: string;
  revokedTokenIds: string[];
  diff?: string;
}

export type ClientProblemCode =
  | 'unparseable'
  | 'stale-url'
  | 'token-missing'
  | 'token-revoked'
  | 'token-expired'
  | 'token-unknown'
  | 'shadowed'
  | 'missing-executable'
  | 'other-data-dir';

export interface ClientProblem {
  code: ClientProblemCode;
  message: string;
}

export interface ClientHubEntryStatus {
  name: string;
  kind: 'http' | 'stdio';
  url?: string;
  /** `external`: the token comes from the environment (Codex) and cannot be checked from here. */
  token: 'valid' | 'missing' | 'revoked' | 'expired' | 'unknown' | 'external';
  tokenName?: string;
  tokenPrefix?: string;
  ok: boolean;
  problems: ClientProblem[];
}

export interface ClientFileStatus {
  scope: ClientScopeName;
  path: string;
  exists: boolean;
  /** The file could not be parsed (it is left untouched). */
  error?: string;
  /** How many servers the file configures, ours included. */
  serverCount: number;
  /** Entries that are (or look like) Patchbay entries. */
  hubEntries: ClientHubEntryStatus[];
}

export interface ClientStatusView {
  client: string;
  displayName: string;
  installed: boolean;
  scopes: ClientScopeName[];
  files: ClientFileStatus[];
  /** At least one entry points at this hub with a valid token and no problem. */
  connected: boolean;
  problems: ClientProblem[];
}

export interface ClientSnippet {
  client: string;
  displayName: string;
  format: 'json' | 'jsonc' | 'toml';
  transport: 'http' | 'stdio';
  scopes: ClientScopeName[];
  /** The user-scope config file on this machine. */
  userPath: string;
  entryName: string;
  entryShape: string;
  /** A config file holding just the hub entry, with `<token>` where the token goes. */
  snippet: string;
  /** Cursor: the install link (with the `<token>` placeholder; connect returns a real one). */
  installLink?: string;
  notes: string[];
}

export interface ClientImportedServer {
  /** The entry's name in the client's config. */
  from: string;
  /** The hub server's name. */
  as: string;
  kind: 'stdio' | 'http';
  enabled: boolean;
  /** Env variables / headers whose values went to the secret store. */
  secrets: string[];
}

export interface ClientImportResult {
  client: string;
  displayName: string;
  scope: ClientScopeName;
  path: string;
  dryRun: boolean;
  imported: ClientImportedServer[];
  skipped: Array<{ from: string; reason: string }>;
  warnings: string[];
  /** With `replace`: what happened to the client's file. */
  replaced?: { changed: boolean; removed: string[]; backupPath?: string; entryName: string; diff?: string };
}
