import { compileGlob } from '../keyspace/commands/glob.js';
import type { Client } from './Client.js';
import type { ServerCommand, ServerCommandCall } from './ServerCommand.js';
import { subcommands } from './subcommands.js';

/** One (un)subscribe confirmation: kind, channel (or null), count of the client's subscriptions. */
function confirm(client: Client, kind: string, channel: string | null): void {
  client.writer.pushHeader(3);
  client.writer.bulk(kind);
  if (channel === null) client.writer.nil();
  else client.writer.bulk(channel);
  client.writer.integer(client.channels.size + client.patterns.size);
}

function subscribe(patterns: boolean) {
  return ({ server, client, args }: ServerCommandCall): void => {
    for (const name of args.slice(1)) {
      if (patterns) server.pubsub.psubscribe(client, name);
      else server.pubsub.subscribe(client, name);
      confirm(client, patterns ? 'psubscribe' : 'subscribe', name);
    }
  };
}

function unsubscribe(patterns: boolean) {
  return ({ server, client, args }: ServerCommandCall): void => {
    const kind = patterns ? 'punsubscribe' : 'unsubscribe';
    const names = args.length > 1 ? args.slice(1) : [...(patterns ? client.patterns : client.channels)];
    if (names.length === 0) return confirm(client, kind, null);
    for (const name of names) {
      if (patterns) server.pubsub.punsubscribe(client, name);
      else server.pubsub.unsubscribe(client, name);
      confirm(client, kind, name);
    }
  };
}

const pubsub = subcommands('pubsub', {
  channels: {
    arity: -2,
    run: ({ server, client, args }) => {
      if (args.length > 3) return client.writer.error(`ERR unknown subcommand or wrong number of arguments for '${args[1]}'. Try PUBSUB HELP.`);
      const matches = args[2] === undefined ? () => true : compileGlob(args[2]);
      const channels = [...server.pubsub.channels.keys()].filter(matches);
      client.writer.arrayHeader(channels.length);
      for (const channel of channels) client.writer.bulk(channel);
    },
    help: ['CHANNELS [<pattern>]', "    Return the currently active channels matching a <pattern> (default: '*')."],
  },
  numpat: {
    arity: 2,
    run: ({ server, client }) => client.writer.integer(server.pubsub.patterns.size),
    help: ['NUMPAT', '    Return number of subscriptions to patterns.'],
  },
  numsub: {
    arity: -2,
    run: ({ server, client, args }) => {
      // A flat array even in RESP3, as Redis 7.0 replies.
      client.writer.arrayHeader((args.length - 2) * 2);
      for (const channel of args.slice(2)) {
        client.writer.bulk(channel);
        client.writer.integer(server.pubsub.channels.get(channel)?.size ?? 0);
      }
    },
    help: ['NUMSUB [<channel> ...]', '    Return the number of subscribers for the specified channels, excluding', '    pattern subscriptions(default: no channels).'],
  },
  shardchannels: {
    arity: -2,
    run: ({ client }) => client.writer.arrayHeader(0),
    help: ['SHARDCHANNELS [<pattern>]', "    Return the currently active shard level channels matching a <pattern> (default: '*')."],
  },
  shardnumsub: {
    arity: -2,
    run: ({ client, args }) => {
      client.writer.arrayHeader((args.length - 2) * 2);
      for (const channel of args.slice(2)) {
        client.writer.bulk(channel);
        client.writer.integer(0);
      }
    },
    help: ['SHARDNUMSUB [<shardchannel> ...]', '    Return the number of subscribers for the specified shard level channel(s)'],
  },
});

/** SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, PUBLISH, PUBSUB.
 *
 * @example
 * ```ts
 * pubsubCommands.map((command) => command.name); // ['subscribe', 'psubscribe', …, 'pubsub']
 * ```
 */
export const pubsubCommands: ServerCommand[] = [
  { name: 'subscribe', arity: -2, flags: ['pubsub', 'loading', 'stale'], group: 'pubsub', run: subscribe(false) },
  { name: 'psubscribe', arity: -2, flags: ['pubsub', 'loading', 'stale'], group: 'pubsub', run: subscribe(true) },
  { name: 'unsubscribe', arity: -1, flags: ['pubsub', 'loading', 'stale'], group: 'pubsub', run: unsubscribe(false) },
  { name: 'punsubscribe', arity: -1, flags: ['pubsub', 'loading', 'stale'], group: 'pubsub', run: unsubscribe(true) },
  {
    name: 'publish',
    arity: 3,
    flags: ['pubsub', 'loading', 'stale', 'fast'],
    group: 'pubsub',
    run: ({ server, client, args }) => client.writer.integer(server.pubsub.publish(args[1]!, args[2]!)),
  },
  { name: 'pubsub', arity: -2, flags: ['pubsub', 'loading', 'stale'], group: 'pubsub', ...pubsub },
];
