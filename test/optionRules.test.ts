import { EMPTY } from 'rxjs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { isForklessError, type ForklessError } from '../lib/errors.js';
import { bgIteration } from '../lib/iteration/bgIteration.js';
import { BG_ITERATION_OPTIONS, type BgIterationOptions } from '../lib/iteration/BgIterationOptions.js';
import { Keyspace } from '../lib/keyspace/Keyspace.js';
import { ACTIVE_EXPIRY_OPTIONS, KEYSPACE_OPTIONS, normalizeKeyspaceOptions } from '../lib/keyspace/KeyspaceOptions.js';
import type { ActiveExpiryOptions } from '../lib/keyspace/activeExpiry.js';
import type { KeyspaceOptions } from '../lib/keyspace/Keyspace.js';
import { normalizeOptions, type OptionRule, type OptionTable } from '../lib/optionRules.js';
import { exponentialBackoff } from '../lib/replication/backoff.js';
import { startFollower } from '../lib/replication/Follower.js';
import { BACKOFF_OPTIONS, FOLLOWER_OPTIONS, type BackoffOptions, type FollowerOptions } from '../lib/replication/FollowerOptions.js';
import { startLeader } from '../lib/replication/Leader.js';
import { LEADER_OPTIONS, type LeaderOptions } from '../lib/replication/LeaderOptions.js';
import { RedisLeader } from '../lib/replication/redis/RedisLeader.js';
import { REDIS_LEADER_OPTIONS, type RedisLeaderOptions } from '../lib/replication/redis/RedisLeaderOptions.js';
import { startRedisReplica } from '../lib/replication/redis/RedisReplica.js';
import { REDIS_REPLICA_OPTIONS, type RedisReplicaOptions } from '../lib/replication/redis/RedisReplicaOptions.js';
import { loadSnapshot } from '../lib/snapshot/loadSnapshot.js';
import { saveSnapshot } from '../lib/snapshot/saveSnapshot.js';
import { SAVE_SNAPSHOT_OPTIONS, WRITE_SNAPSHOT_OPTIONS, type SaveSnapshotOptions, type WriteSnapshotOptions } from '../lib/snapshot/SnapshotOptions.js';
import { writeSnapshot } from '../lib/snapshot/writeSnapshot.js';

const keyspace = new Keyspace();
const meta = { historyId: 'h', offset: 0, createdAt: 0, databases: 16, keysTotal: 0 };
const url = 'ws://127.0.0.1:1/';
const notAKeyspace = { execute: () => 'OK' };

/** The error a call gives, awaited if it returns a promise; fails the test if it succeeds. */
async function errorOf(call: () => unknown): Promise<ForklessError> {
  try {
    await call();
  } catch (error) {
    if (isForklessError(error)) return error;
    throw error;
  }
  throw new Error('expected FORKLESS_ERR_INVALID_OPTION, the call succeeded');
}

async function expectInvalid(call: () => unknown, option: string, value: unknown, range: RegExp | string): Promise<void> {
  const error = await errorOf(call);
  expect(error.code).toBe('FORKLESS_ERR_INVALID_OPTION');
  expect(error.details.option).toBe(option);
  expect(Object.is(error.details.value, value)).toBe(true);
  expect(error.message).toContain(option);
  if (typeof range === 'string') expect(error.details.range).toBe(range);
  else expect(error.details.range).toMatch(range);
}

describe('options named in issue 9 are rejected at the call with option, value and range', () => {
  it.each<[string, () => unknown, string, unknown, RegExp]>([
    ['leader outputLimit -1', () => startLeader({ keyspace, outputLimit: -1 }), 'outputLimit', -1, /integer ≥ 1/],
    ['leader timeoutMs NaN', () => startLeader({ keyspace, timeoutMs: NaN }), 'timeoutMs', NaN, /integer from 1 to 2147483647/],
    ['leader heartbeatIntervalMs 0', () => startLeader({ keyspace, heartbeatIntervalMs: 0 }), 'heartbeatIntervalMs', 0, /integer from 1/],
    ['leader maxPayload -1', () => startLeader({ keyspace, maxPayload: -1 }), 'maxPayload', -1, /integer ≥ 1024/],
    ['leader frames.maxItems 0', () => startLeader({ keyspace, frames: { maxItems: 0 } }), 'frames.maxItems', 0, /integer ≥ 1/],
    ['leader backlog.maxBytes -1', () => startLeader({ keyspace, backlog: { maxBytes: -1 } }), 'backlog.maxBytes', -1, /integer ≥ 1/],
    ['leader port 70000', () => startLeader({ keyspace, port: 70_000 }), 'port', 70_000, /integer from 0 to 65535/],
    ['follower ackIntervalMs 0', () => startFollower({ url, ackIntervalMs: 0 }), 'ackIntervalMs', 0, /integer from 1/],
    ['follower timeoutMs -1', () => startFollower({ url, timeoutMs: -1 }), 'timeoutMs', -1, /integer from 1/],
    ['follower backoff.multiplier -1', () => startFollower({ url, backoff: { multiplier: -1 } }), 'backoff.multiplier', -1, /≥ 1/],
    ['follower bad URL', () => startFollower({ url: 'not a url' }), 'url', 'not a url', /ws:\/\/ or wss:\/\//],
    ['follower http URL', () => startFollower({ url: 'http://127.0.0.1:1/' }), 'url', 'http://127.0.0.1:1/', /ws:\/\//],
    ['snapshot sliceMs NaN', () => saveSnapshot(keyspace, '/nonexistent/x.fkl', { sliceMs: NaN }), 'sliceMs', NaN, /finite number > 0/],
    ['snapshot cpuShare 0', () => saveSnapshot(keyspace, '/nonexistent/x.fkl', { cpuShare: 0 }), 'cpuShare', 0, /> 0 and ≤ 1/],
    ['snapshot cpuShare 1.5', () => saveSnapshot(keyspace, '/nonexistent/x.fkl', { cpuShare: 1.5 }), 'cpuShare', 1.5, /> 0 and ≤ 1/],
    ['snapshot 300-byte historyId', () => saveSnapshot(keyspace, '/nonexistent/x.fkl', { historyId: 'h'.repeat(300) }), 'historyId', 'h'.repeat(300), /at most 255 UTF-8 bytes/],
    [
      'writeSnapshot 300-byte history id',
      () => writeSnapshot(() => EMPTY, '/nonexistent/x.fkl', { ...meta, historyId: 'é'.repeat(150) }),
      'meta.historyId',
      'é'.repeat(150),
      /255 UTF-8 bytes/,
    ],
    ['loadSnapshot into a plain object', () => loadSnapshot('/nonexistent/x.fkl', notAKeyspace as unknown as Keyspace), 'into', notAKeyspace, /a Keyspace/],
    ['bgIteration batchSize 0', () => bgIteration(keyspace, { consistent: true, replication: false, batchSize: 0 }), 'batchSize', 0, /integer ≥ 1/],
  ])('%s', async (_label, call, option, value, range) => {
    await expectInvalid(call, option, value, range);
  });

  it('an unknown option (a typo) is an error naming it, not silently ignored', async () => {
    const error = await errorOf(() => startLeader({ keyspace, outputlimit: 5 } as unknown as LeaderOptions));
    expect(error).toMatchObject({ code: 'FORKLESS_ERR_INVALID_OPTION', details: { option: 'outputlimit', value: 5 } });
    expect(error.message).toMatch(/outputlimit is not an option/);
  });

  it('a required option that is missing, and options that are not an object', async () => {
    await expectInvalid(() => startLeader({} as LeaderOptions), 'keyspace', undefined, 'a Keyspace');
    await expectInvalid(() => bgIteration(keyspace, { consistent: true } as BgIterationOptions), 'replication', undefined, 'a boolean');
    await expectInvalid(() => startFollower({ url, backoff: { jitter: 2 } }), 'backoff.jitter', 2, /≤ 1/);
    await expectInvalid(() => startLeader({ keyspace, backlog: 5 as never }), 'backlog', 5, 'an object');
  });

  it('a lowWaterMark above the highWaterMark is an error; the default one follows a smaller highWaterMark', async () => {
    await expectInvalid(() => startLeader({ keyspace, highWaterMark: 1000, lowWaterMark: 2000 }), 'lowWaterMark', 2000, /highWaterMark \(1000\)/);
    const leader = await startLeader({ keyspace, highWaterMark: 1000 });
    await leader.close();
  });
});

/** Values of every kind; each rule rejects some of them. */
const CANDIDATES: unknown[] = [NaN, -1, 0, 0.5, 1.5, 70_000, 2 ** 31, Infinity, -Infinity, '1', '', 'x'.repeat(5000), null, true, {}, [], () => 0, Symbol('s')];

/** Every rule of a table, with its dotted path. */
function rulesOf(table: OptionTable, prefix = ''): [string, OptionRule<unknown>][] {
  return Object.entries(table).flatMap(([name, entry]) =>
    typeof (entry as OptionRule<unknown>).accepts === 'function' ? [[prefix + name, entry as OptionRule<unknown>]] : rulesOf(entry as OptionTable, `${prefix}${name}.`),
  );
}

/** `{ a: { b: value } }` for the path `a.b`. */
function withOption(path: string, value: unknown): Record<string, unknown> {
  return path.split('.').reduceRight<unknown>((inner, name) => ({ [name]: inner }), value) as Record<string, unknown>;
}

/** Each public entry point, called with one option set (and the required ones valid); the group its table sits in. */
const ENTRY_POINTS: [string, OptionTable, (options: Record<string, unknown>) => unknown, string?][] = [
  ['startLeader', LEADER_OPTIONS, (options) => startLeader({ keyspace, ...options } as LeaderOptions)],
  ['startFollower', FOLLOWER_OPTIONS, (options) => startFollower({ url, ...options } as FollowerOptions)],
  ['exponentialBackoff', BACKOFF_OPTIONS, (options) => exponentialBackoff(options as BackoffOptions)],
  ['saveSnapshot', SAVE_SNAPSHOT_OPTIONS, (options) => saveSnapshot(keyspace, '/nonexistent/x.fkl', options as SaveSnapshotOptions)],
  ['writeSnapshot', WRITE_SNAPSHOT_OPTIONS, (options) => writeSnapshot(() => EMPTY, '/nonexistent/x.fkl', meta, options as WriteSnapshotOptions)],
  ['bgIteration', BG_ITERATION_OPTIONS, (options) => bgIteration(keyspace, { consistent: true, replication: false, ...options } as BgIterationOptions)],
  ['Keyspace', KEYSPACE_OPTIONS, (options) => normalizeKeyspaceOptions(options)],
  ['Keyspace activeExpiry', ACTIVE_EXPIRY_OPTIONS, (options) => normalizeKeyspaceOptions({ activeExpiry: options }), 'activeExpiry.'],
  ['RedisLeader', REDIS_LEADER_OPTIONS, (options) => new RedisLeader(keyspace, options as RedisLeaderOptions)],
  ['startRedisReplica', REDIS_REPLICA_OPTIONS, (options) => startRedisReplica({ host: '127.0.0.1', port: 1, ...options } as RedisReplicaOptions)],
];

describe('every option of every public function, from its defaults table', () => {
  it.each(ENTRY_POINTS)('%s: each rejected value of each option is an INVALID_OPTION naming it, value and range', async (_name, table, call, group = '') => {
    for (const [path, rule] of rulesOf(table)) {
      if (rule.default !== undefined) expect(rule.accepts(rule.default), `${path} accepts its default`).toBe(true);
      const rejected = CANDIDATES.filter((value) => !rule.accepts(value));
      expect(rejected.length, `${path} rejects something`).toBeGreaterThan(0);
      for (const value of rejected) {
        await expectInvalid(() => call(withOption(path, value)), group + path, value, rule.range);
      }
    }
  });

  it('the tables cover exactly the options each interface declares', () => {
    expectTypeOf<keyof typeof LEADER_OPTIONS>().toEqualTypeOf<keyof LeaderOptions>();
    expectTypeOf<keyof typeof FOLLOWER_OPTIONS>().toEqualTypeOf<keyof FollowerOptions>();
    expectTypeOf<keyof typeof BACKOFF_OPTIONS>().toEqualTypeOf<keyof BackoffOptions>();
    expectTypeOf<keyof typeof SAVE_SNAPSHOT_OPTIONS>().toEqualTypeOf<keyof SaveSnapshotOptions>();
    expectTypeOf<keyof typeof WRITE_SNAPSHOT_OPTIONS>().toEqualTypeOf<keyof WriteSnapshotOptions>();
    expectTypeOf<keyof typeof BG_ITERATION_OPTIONS>().toEqualTypeOf<keyof BgIterationOptions>();
    expectTypeOf<keyof typeof KEYSPACE_OPTIONS>().toEqualTypeOf<keyof KeyspaceOptions>();
    expectTypeOf<keyof typeof ACTIVE_EXPIRY_OPTIONS>().toEqualTypeOf<keyof ActiveExpiryOptions>();
    expectTypeOf<keyof typeof REDIS_LEADER_OPTIONS>().toEqualTypeOf<keyof RedisLeaderOptions>();
    expectTypeOf<keyof typeof REDIS_REPLICA_OPTIONS>().toEqualTypeOf<keyof RedisReplicaOptions>();
  });

  it('undefined means the default, and a nested group may be left out', () => {
    const table = { size: LEADER_OPTIONS.port, group: { inner: LEADER_OPTIONS.maxConnections } };
    expect(normalizeOptions('t', table, { size: undefined })).toEqual({ size: 0, group: { inner: 100 } });
    expect(normalizeOptions('t', table, undefined)).toEqual({ size: 0, group: { inner: 100 } });
  });
});
