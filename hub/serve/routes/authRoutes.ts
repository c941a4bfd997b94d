import type { ServerResponse } from 'node:http';
import type { AuthStatusView } from '../../../shared/api';
import { AuthConnectSchema, AuthOverrideSchema, CreateIdentitySchema } from '../../../shared/api';
import { toHubError } from '../../core/errors';
import { parseInput } from '../../core/validate';
import type { Hub } from '../../hub';
import { NAME, RESPONDED, Status } from '../apiRouter';
import type { ApiRouter } from '../apiRouter';
import type { RouteContext } from './index';

/**
 * Upstream auth: `/api/servers/NAME/auth...` (status, connect, revoke, the caller's own override),
 * `/api/identities` (trusted external JWT issuers) and the public OAuth redirect target
 * `/oauth/callback`, which checks its own credential: the single-use `state`.
 */
export function authRoutes(api: ApiRouter, hub: Hub, ctx: RouteContext): void {
  api.add('GET', `/servers/${NAME}/auth`, async (req, [server]) => {
    const status: AuthStatusView = await hub.auth.status(server!, req.principal.userId);
    const state = req.query.get('state');
    const flow = state ? hub.auth.flow(state) : undefined;
    if (state && flow && (flow.server !== server || flow.userId !== req.principal.userId)) return status;
    return flow ? { ...status, flow: { status: flow.status, ...(flow.message && { message: flow.message }) } } : status;
  });
  api.add('POST', `/servers/${NAME}/auth/connect`, async (req, [server]) => {
    const input = parseInput(AuthConnectSchema, req.body ?? {}, 'connect request');
    return hub.auth.startConnect(server!, req.principal.userId, input.redirectUri ?? `${ctx.baseUrl()}/oauth/callback`);
  });
  api.add('POST', `/servers/${NAME}/auth/revoke`, (req, [server]) => hub.auth.revoke(server!, req.principal.userId));
  api.add('PUT', `/servers/${NAME}/auth/override`, async (req, [server]) => {
    const input = parseInput(AuthOverrideSchema, req.body, 'override');
    await hub.auth.setOverride(server!, req.principal.userId, input.value);
    return { server, userId: req.principal.userId, set: true };
  });
  api.add('DELETE', `/servers/${NAME}/auth/override`, async (req, [server]) => ({ server, userId: req.principal.userId, removed: await hub.auth.deleteOverride(server!, req.principal.userId) }));

  // External identities decide who may call as which hub user: the owner's to manage.
  api.add('GET', '/identities', (req) => {
    hub.access.requireOwner(req.principal, 'see external identities');
    return hub.identities.list();
  });
  api.add('POST', '/identities', async (req) => {
    hub.access.requireOwner(req.principal, 'add external identities');
    return new Status(201, await hub.identities.create(parseInput(CreateIdentitySchema, req.body, 'identity') as never));
  });
  api.add('DELETE', `/identities/${NAME}`, (req, [name]) => {
    hub.access.requireOwner(req.principal, 'remove external identities');
    return hub.identities.remove(name!);
  });

  api.addPublic('GET', '/oauth/callback', async (req) => {
    try {
      const done = await hub.auth.handleCallback(req.query);
      page(req.res, 200, 'Connected', `Patchbay is now connected to "${done.server}". You can close this window.`);
    } catch (error) {
      const hubError = toHubError(error);
      page(req.res, hubError.code === 'INTERNAL' ? 500 : 400, 'Not connected', hubError.code === 'INTERNAL' ? 'Internal error in the hub; see the hub log.' : hubError.message);
    }
    return RESPONDED;
  });
}

function page(res: ServerResponse, status: number, title: string, message: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': "default-src 'none'", 'Referrer-Policy': 'no-referrer' });
  res.end(`<!doctype html><meta charset="utf-8"><title>Patchbay: ${escape(title)}</title><body style="font-family:sans-serif;margin:3em"><h1>${escape(title)}</h1><p>${escape(message)}</p></body>`);
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
