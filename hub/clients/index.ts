// Config writers for IDEs and agents: the client table, entry builders, pure writers and the
// atomic file write. `patchbay connect` and the UI call these.
export { CLIENTS, clientConfigPath, clientDetectPaths, getClient, isClientId, pathContextFromEnv, resolveClient } from './clientTable';
export { assertEntryName, bearerHeaders, cursorInstallLink, stdioBridgeArgs, TOKEN_ENV_VAR } from './entries';
export { buildEntry, readEntries, readServerMap, removeEntry, removeServerEntry, upsertEntry } from './writers';
export type { WriteOptions } from './writers';
export { BACKUP_SUFFIX, readFileIfExists, updateConfigFile, writeFileAtomic } from './atomicWrite';
export type { AtomicWriteOptions, AtomicWriteResult, UpdateResult } from './atomicWrite';
export { CLIENT_IDS } from './types';
export type { ClientEntry, ClientId, ClientPaths, ClientScope, ClientSpec, ConfigFormat, ConfiguredServer, HubEndpoint, PathContext } from './types';
export { ClientService } from './clientService';
export type { ClientServiceDeps, ConnectPlan, PlanConnectOptions } from './clientService';
export { defaultStdioLauncher, findBinScript } from './launcher';
export type { StdioLauncher } from './launcher';
export { DEFAULT_HUB_URL, endpointUrl, HUB_ENTRY_NAME, hubEntryName, hubTokenName, isHubEntryName, lineDiff, redactTokens, tokenOfEntry } from './hubEntries';
export { serverNameOf, uniqueName } from './clientImport';
