import { seededRandom } from '../../../lib/seededRandom.js';

export { seededRandom };
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { Packr } from 'msgpackr';
import { lastValueFrom } from 'rxjs';
import { Keyspace } from '../../../lib/keyspace/Keyspace.js';
import { loadSnapshot } from '../../../lib/snapshot/loadSnapshot.js';
import { saveSnapshot, type SaveSnapshotOptions } from '../../../lib/snapshot/saveSnapshot.js';
import type { SnapshotProgress } from '../../../lib/snapshot/SnapshotProgress.js';
import { encodeSnapshotHeader } from '../../../lib/snapshot/SnapshotHeader.js';
import { encodeSnapshotFooter } from '../../../lib/snapshot/SnapshotFooter.js';
import { SNAPSHOT_FORMAT_VERSION } from '../../../lib/snapshot/snapshotFormat.js';

/** A fixed time for keyspace clocks, so nothing expires during a test unless it moves. */
export const FIXED_NOW = 1_700_000_000_000;

/** A fresh temporary directory, removed by the returned cleanup. */
export async function temporaryDirectory(): Promise<{ directory: string; cleanup: () => Promise<void> }> {
  const directory = await mkdtemp(join(tmpdir(), 'forkless-snapshot-'));
  return { directory, cleanup: () => rm(directory, { recursive: true, force: true }) };
}

/** The names in a directory that are temporary snapshot files. */
export async function temporaryFilesIn(directory: string): Promise<string[]> {
  return (await readdir(directory)).filter((name) => name.endsWith('.forkless-tmp'));
}

/** Runs a save to completion and returns its last progress. */
export function saveToFile(ks: Keyspace, path: string, options?: SaveSnapshotOptions): Promise<SnapshotProgress> {
  return lastValueFrom(saveSnapshot(ks, path, options));
}

/** Loads a snapshot into a keyspace whose clock stands at FIXED_NOW. */
export function loadAtFixedTime(path: string): Promise<Keyspace> {
  return loadSnapshot(path, new Keyspace({ clock: () => FIXED_NOW }));
}

/** Random bytes (every value 0–255 possible) as a Buffer. */
export function randomBytesFrom(random: () => number, length: number): Buffer {
  return Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
}

/** One random write of any type (or a key-space command) against `ks`, through `execute`. */
export function randomWrite(ks: Keyspace, random: () => number, keyCount = 200): void {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const db = Math.floor(random() * 3);
  const key = `k${Math.floor(random() * keyCount)}`;
  const member = randomBytesFrom(random, 1 + Math.floor(random() * 6));
  const value = randomBytesFrom(random, Math.floor(random() * 40));
  const commands: (readonly (string | Uint8Array)[])[] = [
    ['SET', key, value],
    ['APPEND', key, value],
    ['HSET', key, member, value],
    ['HDEL', key, member],
    ['RPUSH', key, value, member],
    ['LPOP', key],
    ['SADD', key, member, value],
    ['SREM', key, member],
    ['ZADD', key, String(Math.floor(random() * 100) - 50), member],
    ['ZREM', key, member],
    ['DEL', key],
    ['PEXPIREAT', key, String(FIXED_NOW + 1_000_000 + Math.floor(random() * 1000))],
    ['PERSIST', key],
    ['RENAME', key, `k${Math.floor(random() * keyCount)}`],
    ['MOVE', key, String((db + 1) % 3)],
  ];
  try {
    ks.execute(pick(commands), { db });
  } catch {
    // WRONGTYPE and missing-key errors are part of a random workload.
  }
}

/** A keyspace at FIXED_NOW filled by `writes` random writes. */
export function randomKeyspace(seed: number, writes: number, keyCount = 200): Keyspace {
  const ks = new Keyspace({ clock: () => FIXED_NOW });
  const random = seededRandom(seed);
  for (let index = 0; index < writes; index++) randomWrite(ks, random, keyCount);
  return ks;
}

const packr = new Packr({ useRecords: false });

/** Builds a snapshot file by hand from record payload values (for malformed-record tests), in format `formatVersion`. */
export function buildSnapshotFile(records: readonly unknown[], keys: number, databases = 16, formatVersion = SNAPSHOT_FORMAT_VERSION): Buffer {
  const header = encodeSnapshotHeader({ historyId: 'hand-built', offset: 7, createdAt: FIXED_NOW, databases });
  header.writeUInt16LE(formatVersion, 8);
  header.writeUInt32LE(crc32(header.subarray(0, header.length - 4)), header.length - 4);
  const frames = records.map((record) => {
    const payload = packr.pack(record);
    const prefix = Buffer.alloc(4);
    prefix.writeUInt32LE(payload.length);
    return Buffer.concat([prefix, payload]);
  });
  const body = Buffer.concat([header, ...frames]);
  const footer = encodeSnapshotFooter(records.length, keys, (footerPrefix) => crc32(footerPrefix, crc32(body)));
  return Buffer.concat([body, footer]);
}
