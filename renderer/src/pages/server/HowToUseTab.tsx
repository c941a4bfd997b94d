import type { ServerDetail } from '../../../../shared/api';
import { UsagePanel } from '../../components/UsagePanel';

/** Endpoints and ready-to-paste client configuration for one server. */
export function HowToUseTab({ server }: { server: ServerDetail }) {
  return <UsagePanel name={server.name} endpoint={server.endpoint} enabled={server.enabled} kind="server" />;
}
