import type { AccessAction, ServerDetail } from '../../../shared/api';
import type { Principal } from '../downstreamServer';
import { singleServerView } from '../../aggregate/views';
import type { Hub } from '../../hub';
import { NAME, Status } from '../apiRouter';
import type { ApiRouter } from '../apiRouter';
import type { RouteContext } from './index';

/** `/api/servers...`: configured servers, their live state, tools and logs. */
// Access (issue 8): one guard per route. No role on a server answers 404 as if it did not exist;
// a role that does not allow the action answers 403. Adding servers is the owner's.
export function serverRoutes(api: ApiRouter, hub: Hub, ctx: RouteContext): void {
  const guard = (principal: Principal, server: string, action: AccessAction): void => void hub.access.check(principal, { kind: 'server', name: server }, action);
  api.add('GET', '/servers', (req) => Promise.all(hub.servers.list().filter((view) => hub.access.can(req.principal, { kind: 'server', name: view.name }, 'list')).map(async (view) => ({ ...view, toolCount: await toolCount(hub, view.name) }))));
  api.add('POST', '/servers', async (req) => {
    hub.access.requireOwner(req.principal, 'add servers (a server runs commands on the hub machine)');
    return new Status(201, hub.servers.view(await hub.servers.create(req.body as never)));
  });
  api.add('GET', `/servers/${NAME}`, (req, [server]) => {
    guard(req.principal, server!, 'list');
    return detail(hub, server!, ctx);
  });
  api.add('PATCH', `/servers/${NAME}`, async (req, [server]) => {
    guard(req.principal, server!, 'edit');
    return hub.servers.view(await hub.servers.update(server!, req.body as never));
  });
  api.add('DELETE', `/servers/${NAME}`, async (req, [server]) => {
    guard(req.principal, server!, 'delete');
    const removed = await hub.servers.remove(server!);
    hub.access.forget('server', removed.id);
    return hub.servers.view(removed);
  });
  api.add('POST', `/servers/${NAME}/restart`, async (req, [server]) => {
    guard(req.principal, server!, 'edit');
    return { state: await hub.registry.restart(server!) };
  });
  api.add('GET', `/servers/${NAME}/tools`, async (req, [server]) => {
    guard(req.principal, server!, 'list');
    hub.servers.get(server!);
    return hub.registry.get(server!) ? hub.aggregator.listTools(singleServerView(server!)) : [];
  });
  api.add('GET', `/servers/${NAME}/logs`, (req, [server]) => {
    guard(req.principal, server!, 'edit');
    hub.servers.get(server!);
    return { stderr: hub.registry.get(server!)?.stderrTail(500).map((line) => hub.redactor.redact(line)) ?? [] };
  });
}

/** Tool count of a running server (its list is cached by the connection). */
async function toolCount(hub: Hub, server: string): Promise<number | undefined> {
  const upstream = hub.registry.get(server);
  if (upstream?.state.status !== 'running') return undefined;
  return upstream.listTools().then(
    (tools) => tools.length,
    () => undefined,
  );
}

async function detail(hub: Hub, server: string, ctx: RouteContext): Promise<ServerDetail> {
  const view = hub.servers.view(hub.servers.get(server));
  const upstream = hub.registry.get(server);
  const single = singleServerView(server);
  const running = upstream?.state.status === 'running';
  const [tools, prompts, resources, resourceTemplates] = running
    ? await Promise.all([hub.aggregator.listTools(single), hub.aggregator.listPrompts(single), hub.aggregator.listResources(single), hub.aggregator.listResourceTemplates(single)])
    : [[], [], [], []];
  return {
    ...view,
    toolCount: running ? tools.length : undefined,
    tools,
    prompts,
    resources,
    resourceTemplates,
    stderr: upstream?.stderrTail(200).map((line) => hub.redactor.redact(line)) ?? [],
    endpoint: `${ctx.endpoint()}/${server}`,
  };
}
