// Change notifications, era by era: a 2025-era upstream sends them unsolicited (resource updates
// after resources/subscribe); a 2026-07-28 upstream only on a subscriptions/listen stream we open.
// Both deliver to the same notification handlers (installed in upstreamRequests.ts).
import type { McpSubscription, SubscriptionFilter } from '@modelcontextprotocol/client';
import type { Live } from './upstreamRequests';

/** What to listen for: every list the server says can change, plus the subscribed resources. */
export function listenFilter(live: Live, subscribed: ReadonlySet<string>): SubscriptionFilter {
  const caps = live.conn.client.getServerCapabilities();
  return {
    ...(caps?.tools?.listChanged && { toolsListChanged: true as const }),
    ...(caps?.prompts?.listChanged && { promptsListChanged: true as const }),
    ...(caps?.resources?.listChanged && { resourcesListChanged: true as const }),
    ...(caps?.resources?.subscribe && subscribed.size > 0 && { resourceSubscriptions: [...subscribed] }),
  };
}

/**
 * Opens a listen stream with the current filter and then closes the previous one (so no change is
 * missed in between). `onEnd` hears about the stream ending on the server's side.
 */
export async function openListenStream(
  live: Live,
  subscribed: ReadonlySet<string>,
  timeoutMs: number,
  onEnd: (reason: 'remote' | 'graceful') => void,
): Promise<void> {
  if (live.closing) return;
  const filter = listenFilter(live, subscribed);
  const previous = live.subscription;
  let subscription: McpSubscription | undefined;
  if (Object.keys(filter).length > 0) {
    subscription = await live.conn.client.listen(filter, { timeout: timeoutMs });
    live.subscription = subscription;
    void subscription.closed.then((reason) => {
      if (reason !== 'local' && live.subscription === subscription && !live.closing) onEnd(reason);
    });
  } else {
    live.subscription = undefined;
  }
  await previous?.close();
}

/** 2025 era: subscribe again to every resource after a reconnect. */
export async function resubscribeLegacy(
  live: Live,
  subscribed: ReadonlySet<string>,
  timeoutMs: number,
  onError: (uri: string, error: unknown) => void,
): Promise<void> {
  for (const uri of subscribed) {
    await live.conn.client.subscribeResource({ uri }, { timeout: timeoutMs }).catch((error: unknown) => onError(uri, error));
  }
}
