import type { UpstreamCallContext } from '../upstream/types';

// The caller of a downstream request (an MCP endpoint, the admin API or the playground).

export interface Principal {
  /** Stable id of the credential (hub token id). */
  id: string;
  /** Display name (token name). */
  name: string;
  /** The hub user the credential belongs to ('owner' until users and teams exist). */
  userId: string;
  /** Access: the hub token, when the caller authenticated with one. */
  tokenId?: string;
  /** Access: the token's restriction to some servers / virtual servers. */
  servers?: readonly string[];
  /** The caller's own bearer JWT, for principals from an external identity (token passthrough forwards it). */
  bearer?: string;
}

/** Who is calling, as the upstream side needs it (per-user credentials, passthrough). */
export function callerOf(principal: Principal): NonNullable<UpstreamCallContext['caller']> {
  return { userId: principal.userId, ...(principal.bearer && { bearer: principal.bearer }) };
}
