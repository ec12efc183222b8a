import type { Comparable } from './replyComparison.js';

/** Runs one command against a given database of one side of the comparison. */
export type DatabaseCall = (argv: string[], db: number) => Promise<Comparable>;

/** One key's full state: name, type, canonical value and absolute expiry (PEXPIRETIME). */
export interface KeyDump {
  readonly key: string;
  readonly type: Comparable;
  readonly value: Comparable;
  readonly expiresAt: Comparable;
}

const VALUE_READERS: Record<string, (key: string) => string[]> = {
  string: (key) => ['GET', key],
  hash: (key) => ['HGETALL', key],
  list: (key) => ['LRANGE', key, '0', '-1'],
  set: (key) => ['SMEMBERS', key],
  zset: (key) => ['ZRANGE', key, '0', '-1', 'WITHSCORES'],
};

function canonicalValue(type: string, value: Comparable): Comparable {
  if (!Array.isArray(value)) return value;
  if (type === 'set') return value.slice().sort();
  if (type === 'hash') {
    const pairs: string[] = [];
    for (let index = 0; index < value.length; index += 2) pairs.push(JSON.stringify([value[index], value[index + 1]]));
    return pairs.sort();
  }
  return value;
}

/** One key's type and canonical value, read through `call` (TYPE, then the type's full read). */
export async function readTypedValue(call: (argv: string[]) => Promise<Comparable> | Comparable, key: string): Promise<Comparable> {
  const type = (await call(['TYPE', key])) as string;
  const reader = VALUE_READERS[type];
  return [type, reader === undefined ? null : canonicalValue(type, await call(reader(key)))];
}

/**
 * Every key of the given databases with type, value and expiry, in a canonical order, read through
 * ordinary commands so the same code dumps redis-server and the keyspace.
 */
export async function dumpDatabases(call: DatabaseCall, databases: readonly number[]): Promise<KeyDump[][]> {
  const dumps: KeyDump[][] = [];
  for (const db of databases) {
    const keys = ((await call(['KEYS', '*'], db)) as string[]).slice().sort();
    const dump: KeyDump[] = [];
    for (const key of keys) {
      const type = (await call(['TYPE', key], db)) as string;
      const reader = VALUE_READERS[type];
      const value = reader === undefined ? null : canonicalValue(type, await call(reader(key), db));
      dump.push({ key, type, value, expiresAt: await call(['PEXPIRETIME', key], db) });
    }
    dumps.push(dump);
  }
  return dumps;
}

/** Differences between two dumps (expiry within `toleranceMs`, for relative TTLs set a few ms apart). */
export function dumpDifferences(expected: KeyDump[][], actual: KeyDump[][], toleranceMs = 2000): string[] {
  const differences: string[] = [];
  expected.forEach((database, db) => {
    const other = new Map(actual[db]!.map((entry) => [entry.key, entry]));
    for (const entry of database) {
      const counterpart = other.get(entry.key);
      other.delete(entry.key);
      if (counterpart === undefined) differences.push(`db ${db}: key ${JSON.stringify(entry.key)} missing`);
      else if (JSON.stringify([entry.type, entry.value]) !== JSON.stringify([counterpart.type, counterpart.value])) {
        differences.push(`db ${db}: ${JSON.stringify(entry)} != ${JSON.stringify(counterpart)}`);
      } else if (!expiriesAgree(entry.expiresAt, counterpart.expiresAt, toleranceMs)) {
        differences.push(`db ${db}: key ${JSON.stringify(entry.key)} expiry ${entry.expiresAt} != ${counterpart.expiresAt}`);
      }
    }
    for (const key of other.keys()) differences.push(`db ${db}: unexpected key ${JSON.stringify(key)}`);
  });
  return differences;
}

function expiriesAgree(expected: Comparable, actual: Comparable, toleranceMs: number): boolean {
  if (typeof expected !== 'number' || typeof actual !== 'number' || expected < 0 || actual < 0) return expected === actual;
  return Math.abs(expected - actual) <= toleranceMs;
}
