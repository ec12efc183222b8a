import type { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { typeOfValue, type Value, type ValueType } from '../../lib/keyspace/Value.js';
import { SortedSet } from '../../lib/keyspace/SortedSet.js';

/** A canonical, comparable form of a value (sorted where the type is unordered). */
export function canonicalValue(type: ValueType, value: Value): string {
  switch (type) {
    case 'string':
      return JSON.stringify(value);
    case 'list':
      return JSON.stringify(value);
    case 'set':
      return JSON.stringify([...(value as Set<string>)].sort());
    case 'hash':
      return JSON.stringify([...(value as Map<string, string>)].sort());
    case 'zset':
      return JSON.stringify([...(value as SortedSet).entries()].sort());
  }
}

/** One line per key: db, key, type, canonical value, expiry. */
export type DumpLine = string;

export function dumpLine(db: number, key: string, type: ValueType, value: Value, expiresAt: number | null): DumpLine {
  return JSON.stringify([db, key, type, canonicalValue(type, value), expiresAt]);
}

/** Every physically present key of every database, expired-but-present ones included, sorted. */
export function dumpKeyspace(keyspace: Keyspace): DumpLine[] {
  const lines: DumpLine[] = [];
  keyspace.databases.forEach((database, db) => {
    database.forEach((value, key) => lines.push(dumpLine(db, key, typeOfValue(value), value, database.expiryOf(key))));
  });
  return lines.sort();
}
