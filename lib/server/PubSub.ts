import { compileGlob } from '../keyspace/commands/glob.js';
import type { Client } from './Client.js';

interface PatternSubscription {
  readonly matches: (channel: string) => boolean;
  readonly clients: Set<Client>;
}

/**
 * Channels and patterns with their subscribers; PUBLISH delivers `message` and `pmessage` pushes
 * (RESP3 `>`, RESP2 arrays) into each subscriber's reply buffer.
 *
 * @example
 * ```ts
 * pubsub.subscribe(client, 'news');
 * pubsub.publish('news', 'hello'); // 1
 * ```
 */
export class PubSub {
  readonly channels = new Map<string, Set<Client>>();
  readonly patterns = new Map<string, PatternSubscription>();

  /** Adds a channel subscription; false if the client already had it. */
  subscribe(client: Client, channel: string): boolean {
    if (client.channels.has(channel)) return false;
    client.channels.add(channel);
    let clients = this.channels.get(channel);
    if (clients === undefined) this.channels.set(channel, (clients = new Set()));
    clients.add(client);
    return true;
  }

  unsubscribe(client: Client, channel: string): boolean {
    if (!client.channels.delete(channel)) return false;
    const clients = this.channels.get(channel)!;
    clients.delete(client);
    if (clients.size === 0) this.channels.delete(channel);
    return true;
  }

  psubscribe(client: Client, pattern: string): boolean {
    if (client.patterns.has(pattern)) return false;
    client.patterns.add(pattern);
    let subscription = this.patterns.get(pattern);
    if (subscription === undefined) this.patterns.set(pattern, (subscription = { matches: compileGlob(pattern), clients: new Set() }));
    subscription.clients.add(client);
    return true;
  }

  punsubscribe(client: Client, pattern: string): boolean {
    if (!client.patterns.delete(pattern)) return false;
    const subscription = this.patterns.get(pattern)!;
    subscription.clients.delete(client);
    if (subscription.clients.size === 0) this.patterns.delete(pattern);
    return true;
  }

  /** Removes every subscription of a client that goes away. */
  removeClient(client: Client): void {
    for (const channel of [...client.channels]) this.unsubscribe(client, channel);
    for (const pattern of [...client.patterns]) this.punsubscribe(client, pattern);
  }

  /** Delivers a message; returns the number of receptions, as PUBLISH replies. */
  publish(channel: string, message: string): number {
    let receivers = 0;
    for (const client of this.channels.get(channel) ?? []) {
      client.writer.pushHeader(3);
      client.writer.bulk('message');
      client.writer.bulk(channel);
      client.writer.bulk(message);
      client.scheduleFlush();
      receivers++;
    }
    for (const [pattern, subscription] of this.patterns) {
      if (!subscription.matches(channel)) continue;
      for (const client of subscription.clients) {
        client.writer.pushHeader(4);
        client.writer.bulk('pmessage');
        client.writer.bulk(pattern);
        client.writer.bulk(channel);
        client.writer.bulk(message);
        client.scheduleFlush();
        receivers++;
      }
    }
    return receivers;
  }
}
