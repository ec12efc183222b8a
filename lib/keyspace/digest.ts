import type { Database } from './Database.js';
import type { Entry } from './Entry.js';
import type { SortedSet } from './SortedSet.js';

/**
 * A 32-bit string hash (murmur-style mixing over char codes). Not cryptographic: the digest is a
 * fast equality check between keyspaces, computed over a million keys in well under a second.
 */
function hashString(text: string, seed: number): number {
  let hash = seed ^ text.length;
  for (let index = 0; index < text.length; index++) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x5bd1e995);
    hash ^= hash >>> 15;
  }
  return finalize(hash);
}

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

const TYPE_CODES = { string: 1, hash: 2, list: 3, set: 4, zset: 5 } as const;

/** Order-sensitive for lists, order-independent (a sum) for hashes, sets and sorted sets. */
function hashValue(entry: Entry, seed: number): number {
  const value = entry.value;
  switch (entry.type) {
    case 'string':
      return hashString(value as string, seed);
    case 'list': {
      let hash = seed;
      for (const item of value as string[]) hash = combine(hash, hashString(item, seed));
      return hash;
    }
    case 'set': {
      let sum = 0;
      for (const member of value as Set<string>) sum = (sum + hashString(member, seed)) | 0;
      return sum;
    }
    case 'hash': {
      let sum = 0;
      for (const [field, item] of value as Map<string, string>) sum = (sum + combine(hashString(field, seed), hashString(item, seed))) | 0;
      return sum;
    }
    case 'zset': {
      let sum = 0;
      for (const [member, score] of (value as SortedSet).entries()) sum = (sum + combine(hashString(member, seed), hashString(String(score), seed))) | 0;
      return sum;
    }
  }
}

function hashEntry(db: number, key: string, entry: Entry, seed: number): number {
  let hash = combine(hashString(key, seed), db);
  hash = combine(hash, TYPE_CODES[entry.type]);
  hash = combine(hash, hashValue(entry, seed));
  const expiry = entry.expiresAt ?? -1;
  return combine(combine(hash, expiry % 0x100000000 | 0), Math.floor(expiry / 0x100000000));
}

/**
 * Digest of all live keys (not expired at `now`) of all databases: two independent 32-bit lanes
 * summed over keys, plus the key count, as hex. Equal keyspaces give equal digests regardless of
 * insertion order or physical (not yet reclaimed) expired keys.
 */
export function digestDatabases(databases: readonly Database[], now: number): string {
  let laneA = 0;
  let laneB = 0;
  let count = 0;
  databases.forEach((database, db) => {
    for (const [key, entry] of database.entries) {
      if (entry.expiresAt !== null && entry.expiresAt < now) continue;
      laneA = (laneA + hashEntry(db, key, entry, 0x9747b28c)) | 0;
      laneB = (laneB + hashEntry(db, key, entry, 0x1b873593)) | 0;
      count++;
    }
  });
  const hex = (lane: number) => (lane >>> 0).toString(16).padStart(8, '0');
  return `${hex(laneA)}${hex(laneB)}-${count}`;
}
