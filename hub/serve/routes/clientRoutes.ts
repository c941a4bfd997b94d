import { homedir } from 'node:os';
import { ClientSnippetsQuerySchema, ClientsQuerySchema } from '../../../shared/api';
import type { ClientService, StdioLauncher } from '../../clients/index';
import { parseInput } from '../../core/validate';
import type { Hub } from '../../hub';
import { NAME } from '../apiRouter';
import type { ApiRouter } from '../apiRouter';
import type { RouteContext } from './index';

/**
 * `/api/clients...`: the "How to use" tab. The doctor per client, config snippets, and one-click
 * connect / disconnect / import. Client configs are those of the hub process's user (its HOME).
 */
export function clientRoutes(api: ApiRouter, hub: Hub, ctx: RouteContext): void {
  let launcher: StdioLauncher | undefined;
  // The config writers (JSONC, TOML) load on first use: most hubs never serve these routes.
  const service = async (): Promise<ClientService> => {
    const clients = await import('../../clients/index');
    launcher ??= clients.defaultStdioLauncher();
    return new clients.ClientService({
      tokens: hub.store.tokens,
      servers: hub.servers,
      env: process.env,
      home: homedir(),
      hubUrl: ctx.baseUrl(),
      hubRunning: true,
      dataHome: hub.paths.home,
      launcher,
      logger: hub.logger.child({ component: 'clients' }),
    });
  };
  api.add('GET', '/clients', async (req) => (await service()).doctor(parseInput(ClientsQuerySchema, Object.fromEntries(req.query), 'clients query')));
  api.add('GET', '/clients/snippets', async (req) => (await service()).snippets(parseInput(ClientSnippetsQuerySchema, Object.fromEntries(req.query), 'snippets query')));
  api.add('POST', `/clients/${NAME}/connect`, async (req, [client]) => (await service()).connect(client!, (req.body ?? {}) as never));
  api.add('POST', `/clients/${NAME}/disconnect`, async (req, [client]) => (await service()).disconnect(client!, (req.body ?? {}) as never));
  api.add('POST', `/clients/${NAME}/import`, async (req, [client]) => (await service()).import(client!, (req.body ?? {}) as never));
}
