import type { AuditEntry } from '../../../shared/api';
import { AuditQuerySchema, AuditSettingsSchema } from '../../../shared/api';
import { buildAuditFilter } from '../../access/auditQuery';
import { parseSince } from '../../access/auditLog';
import { parseInput } from '../../core/validate';
import type { Hub } from '../../hub';
import type { ApiRouter } from '../apiRouter';
import { NAME, RESPONDED } from '../apiRouter';
import type { RouteContext } from './index';

// Access (issue 8): the audit log. `GET /api/audit?server&user&tool&outcome&since&until&limit&format=jsonl`,
// `GET|PATCH /api/audit/settings` (owner), `GET /api/servers/NAME/stats?since=7d`.
// The owner sees every row; anyone else their own rows and those of the servers they manage.

export function auditRoutes(api: ApiRouter, hub: Hub, _ctx: RouteContext): void {
  api.add('GET', '/audit', (req) => {
    const query = parseInput(AuditQuerySchema, Object.fromEntries(req.query), 'audit query');
    const filter = buildAuditFilter({ users: hub.store.users, access: hub.access, serverNames: () => hub.store.servers.list().map((c) => c.name) }, req.principal, { ...query, limit: query.limit ?? (query.format === 'jsonl' ? undefined : 1000) });
    hub.audit.flush();
    const names = userNames(hub);
    const named = (entry: AuditEntry): AuditEntry => ({ ...entry, user: names.get(entry.userId) ?? entry.userId });
    if (query.format !== 'jsonl') return hub.store.audit.query(filter).map(named);
    req.res.writeHead(200, { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store' });
    for (const entry of hub.store.audit.iterate(filter)) req.res.write(`${JSON.stringify(named(entry))}\n`);
    req.res.end();
    return RESPONDED;
  });
  api.add('GET', '/audit/settings', (req) => {
    hub.access.requireOwner(req.principal, 'see the audit settings');
    return hub.audit.settings();
  });
  api.add('PATCH', '/audit/settings', (req) => {
    hub.access.requireOwner(req.principal, 'change the audit settings');
    return hub.audit.updateSettings(parseInput(AuditSettingsSchema, req.body, 'audit settings'));
  });
  api.add('GET', `/servers/${NAME}/stats`, (req, [server]) => {
    hub.access.check(req.principal, { kind: 'server', name: server! }, 'list');
    const since = req.query.get('since');
    const now = Date.now();
    return hub.audit.stats(server!, since ? now - Date.parse(parseSince(since, now)) : undefined);
  });
}

function userNames(hub: Hub): Map<string, string> {
  return new Map(hub.store.users.list().map((user) => [user.id, user.name]));
}
