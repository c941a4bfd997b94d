// Plain constants of the admin API contract, without zod: hub code that runs at start-up uses them,
// and building the contract's zod schemas (shared/api/*) costs `patchbay serve` tens of milliseconds
// of its cold start. Re-exported by shared/api.ts (the barrel) like everything else.

/** What a caller does to a server or virtual server. `manage` = manage its collaborators. */
export type AccessAction = 'list' | 'call' | 'edit' | 'delete' | 'manage';
export const ACCESS_ACTIONS: readonly AccessAction[] = ['list', 'call', 'edit', 'delete', 'manage'];

/** User and team names. */
export const USER_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,47}$/;
