import type { Hub } from '../../hub';
import { Status } from '../apiRouter';
import type { ApiRouter } from '../apiRouter';

/** `/api/catalog`, `/api/servers/from-catalog`, `/api/registry/...`: official remote servers and MCP Registry server.json imports. */
export function catalogRoutes(api: ApiRouter, hub: Hub): void {
  api.add('GET', '/catalog', () => hub.catalog.catalog());
  api.add('POST', '/servers/from-catalog', async (req) => new Status(201, await hub.catalog.add(req.body as never)));
  api.add('POST', '/registry/preview', (req) => hub.catalog.preview(req.body as never));
  api.add('POST', '/registry/import', async (req) => new Status(201, await hub.catalog.importRegistry(req.body as never)));
}
