// The catalog of official remote MCP servers and the MCP Registry's server.json reader.
export { findCatalogEntry, findCatalogPath, loadCatalog, parseCatalog } from './catalogLoader';
export { catalogEntryToServerInput, parseVariableArgs } from './catalogServerInput';
export type { CatalogServerInput, CatalogServerInputOptions } from './catalogServerInput';
export { expandUrlTemplate } from './urlTemplate';
export type { TemplateVariable } from './urlTemplate';
export { parseRegistryResponse, parseRegistryServer, suggestServerName } from './registryServer';
export { fetchRegistryServer } from './registryFetch';
export type { FetchLike, FetchRegistryOptions } from './registryFetch';
export type {
  RegistryCandidate,
  RegistryInputKind,
  RegistryPackageCandidate,
  RegistryRemoteCandidate,
  RegistryServer,
  RegistryServerList,
  RegistryUserInput,
} from './registryTypes';
export { CatalogService } from './catalogService';
export type { CatalogServiceOptions } from './catalogService';
