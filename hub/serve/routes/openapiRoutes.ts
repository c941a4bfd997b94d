import type { Hub } from '../../hub';
import { NAME, Status } from '../apiRouter';
import type { ApiRouter } from '../apiRouter';

/** `/api/openapi...`: import a REST API from an OpenAPI spec, re-import it, change its filters / base URL / auth. */
export function openapiRoutes(api: ApiRouter, hub: Hub): void {
  api.add('POST', '/openapi/import', async (req) => new Status(201, await hub.openapi.import(req.body as never)));
  api.add('GET', `/openapi/${NAME}`, (_req, [server]) => hub.openapi.show(server!));
  api.add('PATCH', `/openapi/${NAME}`, (req, [server]) => hub.openapi.update(server!, req.body as never));
  api.add('POST', `/openapi/${NAME}/reimport`, (req, [server]) => hub.openapi.reimport(server!, (req.body ?? {}) as never));
}
