// What the current caller may do to one server or virtual server, so screens can hide or disable
// the rest. Undefined while unknown: screens then show their actions and the API's 403 says why.
import type { AccessAction, ResourceKind } from '../../../../shared/api';
import { ACCESS_ACTIONS } from '../../../../shared/api';
import { accessApi } from '../../api/accessApi';
import { useResource } from '../../api/hooks';

export function useMyActions(kind: ResourceKind, name: string): ReadonlySet<AccessAction> | undefined {
  const me = useResource((signal) => accessApi.me(signal), 'access:me');
  const detail = useResource((signal) => accessApi.detail(kind, name, signal), `my-actions:${kind}:${name}`);
  if (me.data?.owner && !me.data.tokenServers) return new Set(ACCESS_ACTIONS);
  if (!me.data || !detail.data) return undefined;
  return new Set(detail.data.users.find((entry) => entry.user === me.data?.name)?.can ?? []);
}

/** `can(action)`: allowed, or not known yet. */
export function allows(actions: ReadonlySet<AccessAction> | undefined, action: AccessAction): boolean {
  return actions === undefined || actions.has(action);
}
