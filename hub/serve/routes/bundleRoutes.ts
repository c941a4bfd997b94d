import { z } from 'zod';
import type { BundleDetail, BundleView } from '../../../shared/api';
import { BundleRuleSchema } from '../../../shared/api';
import { parseInput } from '../../core/validate';
import type { Hub } from '../../hub';
import type { BundleConfig } from '../../store/bundleRepo';
import { NAME, Status } from '../apiRouter';
import type { ApiRouter } from '../apiRouter';
import type { RouteContext } from './index';

const PreviewSchema = z.object({ rules: z.array(BundleRuleSchema).max(500) }).strict();

/** `/api/bundles...`: virtual servers, their rules (as data), what they expose and what is missing. */
export function bundleRoutes(api: ApiRouter, hub: Hub, ctx: RouteContext): void {
  const view = (bundle: BundleConfig): BundleView => ({ ...bundle, endpoint: `${ctx.endpoint()}/${bundle.name}` });

  api.add('GET', '/bundles', () => hub.bundles.list().map(view));
  api.add('POST', '/bundles', async (req) => new Status(201, view(await hub.bundles.create(req.body as never))));
  // Unsaved rules: what would they expose? (the UI's editor)
  api.add('POST', '/bundles/preview', (req) => hub.bundles.previewRules(parseInput(PreviewSchema, req.body, 'bundle preview').rules));
  api.add('GET', `/bundles/${NAME}`, async (_req, [name]): Promise<BundleDetail> => {
    const bundle = hub.bundles.get(name!);
    return { ...view(bundle), ...(await hub.bundles.preview(name!)), endpoint: `${ctx.endpoint()}/${bundle.name}` };
  });
  api.add('GET', `/bundles/${NAME}/preview`, (_req, [name]) => hub.bundles.preview(name!));
  api.add('PATCH', `/bundles/${NAME}`, async (req, [name]) => view(await hub.bundles.update(name!, req.body as never)));
  api.add('DELETE', `/bundles/${NAME}`, (_req, [name]) => view(hub.bundles.remove(name!)));
}
