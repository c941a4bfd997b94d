// What parseRegistryServer returns: candidate server inputs for one MCP Registry server, plus the
// values the user still has to supply for each.
import type { HttpTransportConfig, StdioTransportConfig } from '../../shared/types';

/** Where a user-supplied value goes. */
export type RegistryInputKind = 'header' | 'env' | 'argument' | 'url-variable';

/** A value the user must (or may) supply before the server can run. */
export interface RegistryUserInput {
  kind: RegistryInputKind;
  /** Header or environment variable name; argument or url variable name (args use `{name}` placeholders). */
  name: string;
  description?: string;
  required: boolean;
  /** Store in the SecretStore, never in plain config; mask in the UI. */
  secret: boolean;
  default?: string;
  placeholder?: string;
  choices?: string[];
  /** `string` | `number` | `boolean` | `filepath` (server.json `format`). */
  format?: string;
  /** For headers whose value is built from variables, e.g. `Bearer {token}`. */
  template?: string;
}

interface CandidateBase {
  /** A valid server name suggested from the registry name (`io.github.acme/weather` -> `weather`). */
  name: string;
  description: string;
  inputs: RegistryUserInput[];
}

/** A hosted server (`remotes[]`). If `inputs` has url-variables, `transport.url` is still a `{var}` template. */
export interface RegistryRemoteCandidate extends CandidateBase {
  kind: 'remote';
  transport: HttpTransportConfig;
}

/** A package run locally over stdio (`packages[]`): npm via npx, pypi via uvx, oci via docker. */
export interface RegistryPackageCandidate extends CandidateBase {
  kind: 'package';
  registryType: 'npm' | 'pypi' | 'oci';
  identifier: string;
  version?: string;
  /** Fixed env values are filled in; user values are listed in `inputs`. Args may hold `{name}` placeholders. */
  transport: StdioTransportConfig;
}

export type RegistryCandidate = RegistryRemoteCandidate | RegistryPackageCandidate;

export interface RegistryServer {
  /** The reverse-DNS registry name, e.g. `io.github.acme/weather`. */
  registryName: string;
  title?: string;
  description: string;
  version: string;
  websiteUrl?: string;
  repositoryUrl?: string;
  /** Remotes first (nothing to install), then packages, in file order. */
  candidates: RegistryCandidate[];
  /** Packages or remotes we cannot turn into a server, and why. */
  skipped: Array<{ what: string; reason: string }>;
  /** The registry API's `_meta` (publication status, dates), when parsed from an API response. */
  meta?: Record<string, unknown>;
}

export interface RegistryServerList {
  servers: RegistryServer[];
  /** Pass as `?cursor=` to get the next page. */
  nextCursor?: string;
}
