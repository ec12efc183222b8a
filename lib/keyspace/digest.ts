import type { Database } from './Database.js';
import { typeOfValue, type Value, type ValueType } from './Value.js';
import type { SortedSet } from './SortedSet.js';

/**
 * The digest hashes every string once, computing two independent 32-bit lanes in the same pass
 * (murmur-style mixing over char codes). Not cryptographic: it is a fast equality check between
 * keyspaces, a million keys in well under a second. `pair` carries both lanes without allocating.
 */
class LanePair {
  a = 0;
  b = 0;
}

const SEED_A = 0x9747b28c;
const SEED_B = 0x1b873593;

function finalize(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

function combine(a: number, b: number): number {
  return finalize(Math.imul(a, 31) + b);
}

function hashString(text: string, out: LanePair): void {
  let a = SEED_A ^ text.length;
  let b = SEED_B ^ text.length;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    a = Math.imul(a ^ code, 0x5bd1e995);
    a ^= a >>> 15;
    b = Math.imul(b ^ code, 0xcc9e2d51);
    b ^= b >>> 13;
  }
  out.a = finalize(a);
  out.b = finalize(b);
}

const TYPE_CODES = { string: 1, hash: 2, list: 3, set: 4, zset: 5 } as const;
const scratch = new LanePair();

/** Hashes a value into `out`: order-sensitive for lists, a sum (order-free) for the other collections. */
function hashValue(type: ValueType, value: Value, out: LanePair): void {
  if (type === 'string') return hashString(value as string, out);
  let a = 0;
  let b = 0;
  const add = (elementA: number, elementB: number) => {
    if (type === 'list') {
      a = combine(a, elementA);
      b = combine(b, elementB);
    } else {
      a = (a + elementA) | 0;
      b = (b + elementB) | 0;
    }
  };
  const pairHash = (first: string, second: string) => {
    hashString(first, scratch);
    const firstA = scratch.a;
    const firstB = scratch.b;
    hashString(second, scratch);
    add(combine(firstA, scratch.a), combine(firstB, scratch.b));
  };
  switch (type) {
    case 'list':
    case 'set':
      for (const item of value as Iterable<string>) {
        hashString(item, scratch);
        add(scratch.a, scratch.b);
      }
      break;
    case 'hash':
      for (const [field, item] of value as Map<string, string>) pairHash(field, item);
      break;
    case 'zset':
      for (const [member, score] of (value as SortedSet).entries()) pairHash(member, String(score));
      break;
  }
  out.a = a >>> 0;
  out.b = b >>> 0;
}

/**
 * Digest of all live keys (not expired at `now`) of all databases: two independent 32-bit lanes
 * summed over keys, plus the key count, as hex. Equal keyspaces give equal digests regardless of
 * insertion order or physical (not yet reclaimed) expired keys.
 *
 * @example
 * ```ts
 * digestDatabases(keyspace.databases, Date.now()); // '1a2b3c4d5e6f7a8b-1000000'
 * ```
 */
export function digestDatabases(databases: readonly Database[], now: number): string {
  let laneA = 0;
  let laneB = 0;
  let count = 0;
  const keyLanes = new LanePair();
  const valueLanes = new LanePair();
  databases.forEach((database, db) => {
    database.forEach((value, key) => {
      const expiry = database.expires.get(key) ?? -1;
      if (expiry !== -1 && expiry < now) return;
      const type = typeOfValue(value);
      hashString(key, keyLanes);
      hashValue(type, value, valueLanes);
      const expiryLow = (expiry % 0x100000000) | 0;
      const expiryHigh = Math.floor(expiry / 0x100000000);
      const tail = combine(combine(combine(db, TYPE_CODES[type]), expiryLow), expiryHigh);
      laneA = (laneA + combine(combine(keyLanes.a, valueLanes.a), tail)) | 0;
      laneB = (laneB + combine(combine(keyLanes.b, valueLanes.b), tail)) | 0;
      count++;
    });
  });
  const hex = (lane: number) => (lane >>> 0).toString(16).padStart(8, '0');
  return `${hex(laneA)}${hex(laneB)}-${count}`;
}
