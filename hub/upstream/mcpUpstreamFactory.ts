import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { SettingsRepo } from '../store/settingsRepo';
import type { PriorVerdict } from './connection';
import { McpUpstream } from './mcpUpstream';
import type { UpstreamFactory } from './upstreamRegistry';

/**
 * Builds an `McpUpstream` per server, with its protocol-era verdict cached in the settings table
 * (keyed by server id, so a renamed server keeps it and a re-added one probes afresh).
 */
export function createMcpUpstreamFactory(deps: { logger: Logger; clock: Clock; settings: SettingsRepo }): UpstreamFactory {
  return (config, transport) =>
    new McpUpstream({
      name: config.name,
      transport,
      logger: deps.logger.child({ server: config.name }),
      clock: deps.clock,
      verdicts: {
        load: () => deps.settings.get<PriorVerdict>(`era-verdict:${config.id}`),
        save: (verdict) => deps.settings.set(`era-verdict:${config.id}`, verdict),
      },
    });
}
