import type { ServerResponse } from 'node:http';
import type { PlaygroundChatInput, PlaygroundConversationPatch, PlaygroundProviderInput } from '../../../shared/api';
import { PlaygroundApproveSchema } from '../../../shared/api';
import type { PlaygroundStreamEvent } from '../../../shared/playground';
import { parseInput } from '../../core/validate';
import type { Hub } from '../../hub';
import { ID, RESPONDED, Status } from '../apiRouter';
import type { ApiRouter } from '../apiRouter';
import type { RouteContext } from './index';

// `/api/playground/...`: providers, the tool picker, chat runs streamed as Server-Sent Events (with
// approval and Stop), stored conversations and their export, and the direct tool runner.

const KEEPALIVE_MS = 15_000;

export function playgroundRoutes(api: ApiRouter, hub: Hub, _ctx: RouteContext): void {
  const pg = hub.playground;

  api.add('GET', '/playground/providers', () => pg.providers.list());
  api.add('GET', '/playground/provider-presets', () => pg.providers.presets());
  api.add('POST', '/playground/providers', async (req) => pg.providers.save(req.body as PlaygroundProviderInput));
  api.add('DELETE', `/playground/providers/${ID}`, (_req, [id]) => pg.providers.remove(id!));
  api.add('GET', `/playground/providers/${ID}/models`, async (req, [id]) => pg.providers.models(id!, abortOnClose(req.res)));

  api.add('GET', '/playground/tools', (req) => pg.tools.groups(req.principal));
  api.add('POST', '/playground/call', (req) => pg.callTool(req.principal, req.body as never, abortOnClose(req.res)));

  api.add('POST', '/playground/chat', async (req) => {
    const res = req.res;
    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    const send = (event: PlaygroundStreamEvent): void => {
      if (closed || res.writableEnded || res.destroyed) return;
      if (!res.headersSent) {
        res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
        res.flushHeaders();
        timer = setInterval(() => {
          if (!closed && !res.writableEnded) res.write(': keepalive\n\n');
        }, KEEPALIVE_MS);
        timer.unref();
      }
      res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    };
    // The client going away (tab closed, fetch aborted) stops the run like the Stop button.
    const stopOnClose = { run: undefined as { stop(reason?: string): void } | undefined };
    res.on('close', () => {
      closed = true;
      if (!res.writableEnded) stopOnClose.run?.stop('The client disconnected.');
    });
    // Validation, provider, conversation and tool problems throw here: a JSON error, no stream.
    const run = await pg.startChat(req.principal, req.body as PlaygroundChatInput, send);
    stopOnClose.run = run;
    if (closed) run.stop('The client disconnected.');
    try {
      await run.done;
    } finally {
      if (timer) clearInterval(timer);
      if (!res.writableEnded) res.end();
    }
    return RESPONDED;
  });
  api.add('GET', '/playground/runs', () => pg.listRuns());
  api.add('POST', `/playground/runs/${ID}/approve`, (req, [runId]) => {
    const input = parseInput(PlaygroundApproveSchema, req.body, 'approval');
    pg.run(runId!).approve(input.callId, input.approve);
    return { ok: true };
  });
  api.add('POST', `/playground/runs/${ID}/stop`, (_req, [runId]) => {
    pg.run(runId!).stop();
    return { ok: true };
  });

  api.add('GET', '/playground/conversations', () => pg.conversations.list());
  api.add('POST', '/playground/conversations', async (req) => new Status(201, await pg.createConversation(req.body)));
  api.add('GET', `/playground/conversations/${ID}`, (_req, [id]) => pg.getConversation(id!));
  api.add('PATCH', `/playground/conversations/${ID}`, (req, [id]) => pg.updateConversation(id!, req.body as PlaygroundConversationPatch));
  api.add('DELETE', `/playground/conversations/${ID}`, (_req, [id]) => pg.deleteConversation(id!));
  api.add('GET', `/playground/conversations/${ID}/export`, (req, [id]) => {
    const exported = pg.exportConversation(id!, req.query.get('format') ?? 'json');
    req.res.writeHead(200, {
      'Content-Type': exported.contentType,
      'Content-Disposition': `attachment; filename="${exported.filename}"`,
      'Cache-Control': 'no-store',
    });
    req.res.end(exported.body);
    return RESPONDED;
  });
}

/** A signal that aborts when the client closes the connection before the answer is sent. */
function abortOnClose(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableEnded) controller.abort();
  });
  return controller.signal;
}
