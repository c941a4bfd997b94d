import type { Aggregator, UpstreamDirectory } from '../aggregate/aggregator';
import type { View } from '../aggregate/views';
import { errorMessage } from '../core/errors';
import type { Logger } from '../core/logger';

// Downstream resource subscriptions, reference-counted onto the upstreams: the first subscriber
// of a URI subscribes upstream, the last one to leave unsubscribes. `resources/updated` from an
// upstream reaches exactly the subscribers of that URI.

interface Entry {
  server: string;
  subscribers: Set<string>;
}

export interface ResourceSubscriptionsOptions {
  upstreams: UpstreamDirectory;
  aggregator: Aggregator;
  logger: Logger;
  onUpdated(uri: string, subscribers: Iterable<string>): void;
}

export class ResourceSubscriptions {
  private readonly entries = new Map<string, Entry>();
  private readonly unsubscribe: () => void;

  constructor(private readonly options: ResourceSubscriptionsOptions) {
    this.unsubscribe = options.upstreams.onEvent((server, event) => {
      if (event.kind !== 'resource_updated') return;
      const entry = this.entries.get(event.uri);
      if (entry && entry.server === server) options.onUpdated(event.uri, entry.subscribers);
    });
  }

  async add(uri: string, view: View, subscriber: string): Promise<void> {
    const existing = this.entries.get(uri);
    if (existing) {
      existing.subscribers.add(subscriber);
      return;
    }
    const route = await this.options.aggregator.routeResource(view, uri);
    const entry: Entry = { server: route.server, subscribers: new Set([subscriber]) };
    this.entries.set(uri, entry);
    try {
      await route.upstream.subscribeResource(uri);
    } catch (error) {
      this.entries.delete(uri);
      throw error;
    }
  }

  async remove(uri: string, subscriber: string): Promise<void> {
    const entry = this.entries.get(uri);
    if (!entry || !entry.subscribers.delete(subscriber) || entry.subscribers.size > 0) return;
    this.entries.delete(uri);
    const upstream = this.options.upstreams.get(entry.server);
    await upstream?.unsubscribeResource(uri).catch((error: unknown) => this.options.logger.debug(`unsubscribe ${uri}: ${errorMessage(error)}`));
  }

  async removeSubscriber(subscriber: string): Promise<void> {
    const uris = [...this.entries].filter(([, entry]) => entry.subscribers.has(subscriber)).map(([uri]) => uri);
    await Promise.all(uris.map((uri) => this.remove(uri, subscriber)));
  }

  async dispose(): Promise<void> {
    this.unsubscribe();
    this.entries.clear();
  }
}
