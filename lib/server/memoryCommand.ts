import { PackedCollection } from '../keyspace/PackedCollection.js';
import type { SortedSet } from '../keyspace/SortedSet.js';
import { isExpired, peekKey, type PeekedKey } from './peekKey.js';
import type { ServerCommand } from './ServerCommand.js';
import { subcommands } from './subcommands.js';

const KEY_OVERHEAD = 56;
const ELEMENT_OVERHEAD = 16;
/** The object holding a packed collection's string. */
const PACKED_OVERHEAD = 16;

/**
 * An estimate of the bytes a key and its value take, in the spirit of Redis's MEMORY USAGE (a
 * packed small collection counts its packed bytes, as Redis counts a listpack's).
 *
 * @example
 * ```ts
 * estimateMemory('k', entry); // bytes, as MEMORY USAGE replies
 * ```
 */
export function estimateMemory(key: string, entry: PeekedKey): number {
  const strings = (items: Iterable<string>) => {
    let total = 0;
    for (const item of items) total += item.length + ELEMENT_OVERHEAD;
    return total;
  };
  const base = KEY_OVERHEAD + key.length + (entry.expiresAt === null ? 0 : 16);
  const stored = entry.stored;
  if (stored instanceof PackedCollection) return base + PACKED_OVERHEAD + stored.data.length;
  switch (entry.type) {
    case 'string':
      return base + (stored as string).length;
    case 'list':
      return base + strings(stored as string[]);
    case 'set':
      return base + strings(stored as Set<string>);
    case 'hash': {
      const hash = stored as Map<string, string>;
      return base + strings(hash.keys()) + strings(hash.values());
    }
    case 'zset': {
      const zset = stored as SortedSet;
      return base + zset.size * 8 + strings([...zset.entries()].map(([member]) => member));
    }
  }
}

const memory = subcommands('memory', {
  usage: {
    arity: -3,
    run: ({ server, client, args }) => {
      if (args.length !== 3 && !(args.length === 5 && args[3]!.toLowerCase() === 'samples' && /^\d+$/.test(args[4]!))) return client.writer.error('ERR syntax error');
      const entry = peekKey(server.keyspace, client.session.db, args[2]!);
      if (entry === undefined || isExpired(entry, server.keyspace.clock())) return client.writer.nil();
      client.writer.integer(estimateMemory(args[2]!, entry));
    },
    help: [
      'USAGE <key> [SAMPLES <count>]',
      '    Return memory in bytes used by <key> and its value. Nested values are',
      '    sampled up to <count> times (default: 5, 0 means sample all).',
    ],
  },
  doctor: {
    arity: 2,
    run: ({ client }) => client.writer.verbatim("Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base."),
    help: ['DOCTOR', '    Return memory problems reports.'],
  },
});

/** MEMORY USAGE key [SAMPLES n], MEMORY DOCTOR, MEMORY HELP. */
export const memoryCommand: ServerCommand = { name: 'memory', arity: -2, flags: ['readonly'], group: 'server', ...memory };
