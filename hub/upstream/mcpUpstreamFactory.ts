import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { Redactor } from '../core/redact';
import type { RememberedListRepo } from '../store/rememberedListRepo';
import type { SettingsRepo } from '../store/settingsRepo';
import type { PriorVerdict } from './eraVerdict';
import { verdictKey } from './eraVerdict';
import { McpUpstream } from './mcpUpstream';
import type { PrespawnPool, SpawnSpec } from './prespawn';
import type { UpstreamFactory } from './upstreamRegistry';

/**
 * Builds an `McpUpstream` per server, with its protocol-era verdict cached in the settings table
 * (keyed by server id: a renamed server keeps it and a re-added one probes afresh), its lists
 * remembered for the next start (`lists`; not for per-user connections, whose lists are one
 * user's, and never a list that holds a known secret or what looks like one: `redactor`), and the
 * children `serve` pre-spawned offered to their servers' first connects.
 */
export function createMcpUpstreamFactory(deps: {
  logger: Logger;
  clock: Clock;
  settings: SettingsRepo;
  lists?: RememberedListRepo;
  redactor?: Redactor;
  prespawned?: PrespawnPool;
}): UpstreamFactory {
  const { prespawned, lists, redactor } = deps;
  return (config, transport, options) =>
    new McpUpstream({
      name: config.name,
      transport,
      logger: deps.logger.child({ server: config.name }),
      clock: deps.clock,
      verdicts: {
        load: () => deps.settings.get<PriorVerdict>(verdictKey(config.id)),
        save: (verdict) => deps.settings.set(verdictKey(config.id), verdict),
      },
      ...(lists &&
        !options?.perUser && {
          memory: {
            load: (kind) => lists.load(config.id, kind, config.updatedAt),
            save: (kind, items) => {
              if (redactor && redactor.redact(items) !== items) {
                deps.logger.info('not remembering a list that holds a secret or what looks like one', { server: config.name, kind });
                return;
              }
              lists.save(config.id, kind, config.updatedAt, items, new Date(deps.clock.now()).toISOString());
            },
          },
        }),
      ...(prespawned && { adopt: (spec: SpawnSpec) => prespawned.take(config.id, config.updatedAt, spec) }),
    });
}
