import type { ByteString } from '../keyspace/byteString.js';
import type { EntryItem } from '../keyspace/IterationItem.js';
import { formatScore } from '../keyspace/parse.js';
import type { SortedSet } from '../keyspace/SortedSet.js';

const STRING_PIECE = 65536;

/**
 * Rebuilds a key as ordinary write commands, as an AOF rewrite does: `DEL` (collections), then
 * the value (big collections in chunks of at most `chunk` elements each, so no single command carries the whole
 * key), then `PEXPIREAT` for a TTL. Scores are `%.17g`, which round-trips every double.
 *
 * @example
 * ```ts
 * entryCommands({ kind: 'entry', db: 0, key: 'l', type: 'list', value: ['a', 'b', 'c'], expiresAt: 99 }, 2);
 * // [['DEL', 'l'], ['RPUSH', 'l', 'a', 'b'], ['RPUSH', 'l', 'c'], ['PEXPIREAT', 'l', '99']]
 * ```
 */
export function entryCommands(entry: EntryItem, chunk: number): ByteString[][] {
  const { key } = entry;
  // SET replaces a string and its TTL; a collection is rebuilt from nothing.
  const commands: ByteString[][] = entry.type === 'string' ? [] : [['DEL', key]];
  const add = (name: string, arguments_: Iterable<ByteString>, width: number) => {
    let batch: ByteString[] = [];
    for (const argument of arguments_) {
      batch.push(argument);
      if (batch.length === chunk * width) {
        commands.push([name, key, ...batch]);
        batch = [];
      }
    }
    if (batch.length > 0) commands.push([name, key, ...batch]);
  };
  switch (entry.type) {
    case 'string': {
      // A big string goes as SET of its first piece and APPENDs, 64 KiB each.
      const value = entry.value as ByteString;
      for (let at = 0; at === 0 || at < value.length; at += STRING_PIECE) commands.push([at === 0 ? 'SET' : 'APPEND', key, value.slice(at, at + STRING_PIECE)]);
      break;
    }
    case 'list':
      add('RPUSH', entry.value as ByteString[], 1);
      break;
    case 'set':
      add('SADD', entry.value as Set<ByteString>, 1);
      break;
    case 'hash':
      add('HSET', flatten((entry.value as Map<ByteString, ByteString>).entries()), 2);
      break;
    case 'zset':
      add('ZADD', scorePairs(entry.value as SortedSet), 2);
      break;
  }
  if (entry.expiresAt !== null) commands.push(['PEXPIREAT', key, String(entry.expiresAt)]);
  return commands;
}

function* flatten(pairs: Iterable<readonly [ByteString, ByteString]>): Iterable<ByteString> {
  for (const [field, value] of pairs) {
    yield field;
    yield value;
  }
}

function* scorePairs(zset: SortedSet): Iterable<ByteString> {
  for (const [member, score] of zset.entries()) {
    yield formatScore(score);
    yield member;
  }
}
