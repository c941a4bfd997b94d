import { z } from 'zod';
import type { AccessAction, BundleDetail, BundleView } from '../../../shared/api';
import { BundleRuleSchema } from '../../../shared/api';
import { parseInput } from '../../core/validate';
import type { Hub } from '../../hub';
import type { BundleConfig } from '../../store/bundleRepo';
import { NAME, Status } from '../apiRouter';
import type { ApiRouter } from '../apiRouter';
import type { Principal } from '../downstreamServer';
import type { RouteContext } from './index';

const PreviewSchema = z.object({ rules: z.array(BundleRuleSchema).max(500) }).strict();

/** `/api/bundles...`: virtual servers, their rules (as data), what they expose and what is missing. */
export function bundleRoutes(api: ApiRouter, hub: Hub, ctx: RouteContext): void {
  const view = (bundle: BundleConfig): BundleView => ({ ...bundle, endpoint: `${ctx.endpoint()}/${bundle.name}` });

  // Access: virtual servers follow the same roles as servers (none: 404, as if it did not exist).
  const guard = (req: { principal: Principal }, name: string, action: AccessAction): void => void hub.access.check(req.principal, { kind: 'bundle', name }, action);
  api.add('GET', '/bundles', (req) => {
    const usable = new Set(hub.access.usable(req.principal, 'bundle', hub.bundles.list().map((bundle) => bundle.name)));
    return hub.bundles.list().filter((bundle) => usable.has(bundle.name)).map(view);
  });
  api.add('POST', '/bundles', async (req) => {
    hub.access.requireOwner(req.principal, 'create virtual servers (they draw tools from every server)');
    return new Status(201, view(await hub.bundles.create(req.body as never)));
  });
  // Unsaved rules: what would they expose? (the UI's editor)
  api.add('POST', '/bundles/preview', (req) => {
    hub.access.requireOwner(req.principal, 'preview virtual servers across all servers');
    return hub.bundles.previewRules(parseInput(PreviewSchema, req.body, 'bundle preview').rules);
  });
  api.add('GET', `/bundles/${NAME}`, async (req, [name]): Promise<BundleDetail> => {
    guard(req, name!, 'list');
    const bundle = hub.bundles.get(name!);
    return { ...view(bundle), ...(await hub.bundles.preview(name!)), endpoint: `${ctx.endpoint()}/${bundle.name}` };
  });
  api.add('GET', `/bundles/${NAME}/preview`, (req, [name]) => {
    guard(req, name!, 'list');
    return hub.bundles.preview(name!);
  });
  api.add('PATCH', `/bundles/${NAME}`, async (req, [name]) => {
    guard(req, name!, 'edit');
    return view(await hub.bundles.update(name!, req.body as never));
  });
  api.add('DELETE', `/bundles/${NAME}`, (req, [name]) => {
    guard(req, name!, 'delete');
    return view(hub.bundles.remove(name!));
  });
}
