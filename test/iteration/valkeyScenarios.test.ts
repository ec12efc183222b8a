/**
 * Valkey's bgIteration unit scenarios (reference §7.2, test_bgiteration.cpp), ported to our model.
 * Valkey blocks writers on keys a background thread holds; we never block (values are frozen by
 * copy-on-write), so "blocked" becomes "expedited at once" and "read k" becomes "one cursor cycle
 * of batch size 1". Item names follow the fixture: 2 DBs × 8 string keys, value = key name; the
 * fixture's labels carry a suffix that puts their hash slots in the fixture's order, since the
 * cursor walks a database slot by slot (B0 → B0aa, B2 → B2da, …).
 */
import { describe, expect, it } from 'vitest';
import type { IterationItem } from '../../lib/keyspace/IterationItem.js';
import type { IterationMode } from '../../lib/iteration/IterationTracker.js';
import { ObservedIteration, World } from '../support/iterationHarness.js';

const DB0 = ['B0aa', 'B1', 'B2da', 'E0d', 'E1aa', 'H0c', 'H1dd', 'H2d'];
const DB1 = ['N0db', 'O0a', 'Q0a', 'R0', 'T0dc', 'U0c', 'W0d', 'Y0a'];
const NONE: IterationMode = { consistent: false, replication: false };
const START: IterationMode = { consistent: true, replication: false };
const EVENTUAL: IterationMode = { consistent: false, replication: true };

function fixture(options: { missing?: string[]; databases?: number; extra?: [number, string][] } = {}): World {
  const world = new World(options.databases ?? 2);
  [DB0, DB1].forEach((keys, db) => {
    for (const key of keys) if (!options.missing?.includes(key)) world.keyspace.execute(['SET', key, key], { db });
  });
  for (const [db, key] of options.extra ?? []) world.keyspace.execute(['SET', key, key], { db });
  return world;
}

/** Compact text of an item: `B0aa`, `1:H0c=xxx` (db 1, changed value), `SET B0aa xxx`, `swapdb 0 1`, … */
function describeItem(item: IterationItem): string {
  switch (item.kind) {
    case 'entry':
      return `${item.db === (DB0.includes(item.key) ? 0 : 1) ? '' : `${item.db}:`}${item.key}${item.value === item.key ? '' : `=${String(item.value)}`}`;
    case 'command':
      return item.argv.map(String).join(' ');
    case 'swapdb':
      return `swapdb ${item.db} ${item.other}`;
    case 'flushdb':
      return `flushdb ${item.db}`;
    case 'complete':
      return 'complete';
  }
}

function start(world: World, mode: IterationMode): ObservedIteration {
  return new ObservedIteration(world, mode, 1);
}

function read(world: World, cycles: number): void {
  for (let index = 0; index < cycles; index++) world.scheduler.step();
}

function stream(iteration: ObservedIteration): string[] {
  iteration.world.scheduler.drain();
  return iteration.items.map(describeItem);
}

const without = (keys: string[], ...removed: string[]) => keys.filter((key) => !removed.includes(key));
const set = (world: World, key: string, value: string, db = 0) => world.keyspace.execute(['SET', key, value], { db });

describe('Valkey bgIteration scenarios', () => {
  it('orderedIteration: all 16 items in order, then complete', () => {
    const iteration = start(fixture(), NONE);
    expect(stream(iteration)).toEqual([...DB0, ...DB1, 'complete']);
  });

  it('twoOrderedIterations: interleaved iterations each see everything once', () => {
    const world = fixture();
    const first = start(world, NONE);
    const second = start(world, START);
    read(world, 7);
    expect(stream(first)).toEqual([...DB0, ...DB1, 'complete']);
    expect(stream(second)).toEqual([...DB0, ...DB1, 'complete']);
  });

  it.each([
    ['modFutureItem', NONE],
    ['modFutureItem_eventual (not forwarded)', EVENTUAL],
  ] as const)('%s: a future key is delivered by the cursor with its new value', (_name, mode) => {
    const world = fixture();
    const iteration = start(world, mode);
    read(world, 1);
    set(world, 'H0c', 'xxx');
    expect(stream(iteration)).toEqual([...DB0.map((key) => (key === 'H0c' ? 'H0c=xxx' : key)), ...DB1, 'complete']);
  });

  it('modFutureItem_start: the write expedites the T0 value at once, never repeated', () => {
    const world = fixture();
    const iteration = start(world, START);
    read(world, 1);
    set(world, 'H0c', 'xxx');
    expect(iteration.items.map(describeItem)).toEqual(['B0aa', 'H0c']);
    expect(stream(iteration)).toEqual(['B0aa', 'H0c', ...without(DB0, 'B0aa', 'H0c'), ...DB1, 'complete']);
  });

  it('modPastItem / _start: a write to a passed key adds nothing', () => {
    for (const mode of [NONE, START]) {
      const world = fixture();
      const iteration = start(world, mode);
      read(world, 2);
      set(world, 'B0aa', 'xxx');
      expect(stream(iteration)).toEqual([...DB0, ...DB1, 'complete']);
    }
  });

  it('modPastItem_eventual: the write is forwarded right away', () => {
    const world = fixture();
    const iteration = start(world, EVENTUAL);
    read(world, 2);
    set(world, 'B0aa', 'xxx');
    expect(stream(iteration)).toEqual(['B0aa', 'B1', 'SET B0aa xxx', ...DB0.slice(2), ...DB1, 'complete']);
  });

  it('missingPastItem (/ _start / _eventual): creating a missing key is forwarded only with replication', () => {
    // A new key takes its slot's place, which the cursor already passed: NONE does not see it
    // (allowed: it did not live throughout), START never does (newer than T0), EVENTUAL forwards it.
    const expectations: [IterationMode, string[]][] = [
      [NONE, ['B1', 'B2da', ...DB0.slice(3), ...DB1]],
      [START, ['B1', 'B2da', ...DB0.slice(3), ...DB1]],
      [EVENTUAL, ['B1', 'B2da', 'SET B0aa new', ...DB0.slice(3), ...DB1]],
    ];
    for (const [mode, expected] of expectations) {
      const world = fixture({ missing: ['B0aa'] });
      const iteration = start(world, mode);
      read(world, 2);
      set(world, 'B0aa', 'new');
      expect(stream(iteration)).toEqual([...expected, 'complete']);
    }
  });

  it('missingFutureItem: NONE sees the created key, START does not, EVENTUAL forwards it and skips it', () => {
    const expectations: [IterationMode, string[]][] = [
      // The created key's slot is ahead: NONE sees it there, with its new value.
      [NONE, [...DB0, ...DB1.map((key) => (key === 'W0d' ? 'W0d=new' : key))]],
      [START, [...DB0, ...without(DB1, 'W0d')]],
      [EVENTUAL, ['B0aa', 'SET W0d new', ...DB0.slice(1), ...without(DB1, 'W0d')]],
    ];
    for (const [mode, expected] of expectations) {
      const world = fixture({ missing: ['W0d'] });
      const iteration = start(world, mode);
      read(world, 1);
      set(world, 'W0d', 'new', 1);
      expect(stream(iteration)).toEqual([...expected, 'complete']);
    }
  });

  it('expireKeys / _eventual / _start: passed and future keys expire during the iteration', () => {
    const expectations: [IterationMode, string[]][] = [
      [NONE, ['B0aa', 'B1', ...without(DB0.slice(2), 'H0c'), ...DB1]],
      [EVENTUAL, ['B0aa', 'B1', 'DEL B0aa', ...without(DB0.slice(2), 'H0c'), ...DB1]],
      // The future key's T0 value is presented before it goes.
      [START, ['B0aa', 'B1', 'H0c', ...without(DB0.slice(2), 'H0c'), ...DB1]],
    ];
    for (const [mode, expected] of expectations) {
      const world = fixture();
      world.keyspace.execute(['PEXPIRE', 'B0aa', '10']);
      world.keyspace.execute(['PEXPIRE', 'H0c', '10']);
      const iteration = start(world, mode);
      read(world, 2);
      world.now += 11;
      world.expireCycle(100);
      const lines = stream(iteration).filter((line) => line !== 'complete');
      expect(lines.map((line) => line.replace(/=.*/, ''))).toEqual(expected);
    }
  });

  it('expireKeys_eventual_FutureKeyCreatedThenExpiredDuringSet: DEL and SET forwarded, never scanned', () => {
    const world = fixture({ missing: ['R0'] });
    const iteration = start(world, EVENTUAL);
    read(world, 2);
    world.keyspace.execute(['SET', 'R0', 'v1', 'PXAT', String(world.now + 5)], { db: 1 });
    world.now += 6;
    set(world, 'R0', 'v2', 1);
    expect(stream(iteration)).toEqual(['B0aa', 'B1', `SET R0 v1 PXAT ${world.now - 1}`, 'DEL R0', 'SET R0 v2', ...DB0.slice(2), ...without(DB1, 'R0'), 'complete']);
  });

  it('expireKeys_eventual_ExpeditedKeyExpired: an expedited key that expires is deleted on the replica', () => {
    const world = fixture();
    world.keyspace.execute(['PEXPIRE', 'H0c', '10']);
    const iteration = start(world, EVENTUAL);
    read(world, 1);
    // Writes B0aa (passed), reads H0c (future): H0c is expedited before the forwarded COPY.
    world.keyspace.execute(['COPY', 'H0c', 'B0aa', 'REPLACE']);
    world.now += 11;
    world.expireCycle(100);
    const lines = stream(iteration);
    expect(lines.slice(0, 4)).toEqual(['B0aa', 'H0c', 'COPY H0c B0aa REPLACE', 'DEL H0c']);
    expect(lines).not.toContain('DEL B0aa'.replace('B0aa', 'H1dd'));
    expect(iteration.replica.digest()).toBe(world.keyspace.digest());
  });

  it('writeWith2Keys_eventual_keyDeletedDuringSetReplace: all-future write is dropped, the cursor brings the result', () => {
    const world = fixture();
    const iteration = start(world, EVENTUAL);
    read(world, 9);
    world.keyspace.execute(['COPY', 'U0c', 'T0dc', 'REPLACE'], { db: 1 });
    const lines = stream(iteration);
    expect(lines.filter((line) => line.includes(' '))).toEqual([]);
    expect(lines).toContain('T0dc=U0c');
  });

  it('writeWith2Keys_eventual_setNewKey_DependantFuture: the future source is expedited, the new key never scanned', () => {
    const world = fixture({ missing: ['T0dc'] });
    const iteration = start(world, EVENTUAL);
    read(world, 9);
    world.keyspace.execute(['COPY', 'U0c', 'T0dc'], { db: 1 });
    expect(stream(iteration)).toEqual([...DB0, 'N0db', 'U0c', 'COPY U0c T0dc', ...without(DB1.slice(1), 'T0dc', 'U0c'), 'complete']);
  });

  it('copyHandlesProperDb_eventual: COPY into another db expedites the destination there', () => {
    const world = fixture({ extra: [[1, 'H0c']] });
    const iteration = start(world, EVENTUAL);
    read(world, 2);
    world.keyspace.execute(['COPY', 'B1', 'H0c', 'DB', '1', 'REPLACE']);
    const lines = stream(iteration);
    expect(lines.slice(0, 4)).toEqual(['B0aa', 'B1', '1:H0c', 'COPY B1 H0c DB 1 REPLACE']);
    expect(lines.filter((line) => line === 'H0c')).toHaveLength(1); // DB0:H0c delivered normally
    expect(lines.filter((line) => line.startsWith('1:H0c'))).toHaveLength(1); // DB1:H0c not again
    expect(iteration.replica.digest()).toBe(world.keyspace.digest());
  });

  it('swapDB: barriers, and items after them carry the new numbering', () => {
    const world = fixture();
    const iteration = start(world, NONE);
    read(world, 1);
    world.keyspace.execute(['SWAPDB', '0', '1']);
    read(world, 2);
    world.keyspace.execute(['SWAPDB', '1', '0']);
    expect(stream(iteration)).toEqual(['B0aa', 'swapdb 0 1', '1:B1', '1:B2da', 'swapdb 1 0', ...DB0.slice(3), ...DB1, 'complete']);
  });

  it('swapDB_start: swaps are invisible; everything keeps its T0 database', () => {
    const world = fixture();
    const iteration = start(world, START);
    for (let index = 0; index < 20; index++) {
      world.keyspace.execute(['SWAPDB', '0', '1']);
      read(world, 1);
    }
    expect(stream(iteration)).toEqual([...DB0, ...DB1, 'complete']);
  });

  it('swapDB_eventual: each barrier is followed by the forwarded SWAPDB', () => {
    const world = fixture();
    const iteration = start(world, EVENTUAL);
    read(world, 1);
    world.keyspace.execute(['SWAPDB', '0', '1']);
    const lines = stream(iteration);
    expect(lines.slice(0, 4)).toEqual(['B0aa', 'swapdb 0 1', 'SWAPDB 0 1', '1:B1']);
    expect(iteration.replica.digest()).toBe(world.keyspace.digest());
  });

  it('flushDB_flushOne: the iteration goes on (consistent ones keep presenting T0 data)', () => {
    const world = fixture();
    const none = start(world, NONE);
    const consistent = start(world, START);
    read(world, 4); // two cycles each
    world.keyspace.execute(['FLUSHDB']);
    expect(stream(none)).toEqual(['B0aa', 'B1', 'flushdb 0', ...DB1, 'complete']);
    expect(stream(consistent)).toEqual([...DB0, ...DB1, 'complete']);
  });

  it('flushDB_flushAll: one barrier for FLUSHALL; a consistent iteration still completes with T0', () => {
    const world = fixture();
    const eventual = start(world, EVENTUAL);
    const consistent = start(world, START);
    read(world, 4); // two cycles each
    world.keyspace.execute(['FLUSHALL']);
    set(world, 'Q0a', 'after', 1);
    expect(stream(eventual)).toEqual(['B0aa', 'B1', 'flushdb -1', 'FLUSHALL', 'SET Q0a after', 'complete']);
    expect(stream(consistent)).toEqual([...DB0, ...DB1, 'complete']);
    expect(eventual.replica.digest()).toBe(world.keyspace.digest());
  });

  it('multiTwoKeysFirstFuture: inside EXEC each command is classified on its own, with SELECT honoured', () => {
    const world = fixture();
    const iteration = start(world, EVENTUAL);
    read(world, 1);
    const session = world.keyspace.session();
    for (const argv of [['MULTI'], ['SET', 'B0aa', 'b'], ['SET', 'H0c', 'h'], ['SELECT', '1'], ['SET', 'R0', 'r'], ['EXEC']]) session.execute(argv);
    const lines = stream(iteration);
    expect(lines.slice(0, 2)).toEqual(['B0aa', 'SET B0aa b']);
    expect(lines).toContain('H0c=h');
    expect(lines).toContain('R0=r');
    expect(iteration.replica.digest()).toBe(world.keyspace.digest());
  });

  it('multiHandlesSelectProperly: a block expedites exactly the keys of the database it writes', () => {
    const blocks: [number, string[][], boolean][] = [
      [0, [['SET', 'B0aa', 'x']], false],
      [
        0,
        [
          ['SELECT', '0'],
          ['SET', 'B0aa', 'x'],
        ],
        false,
      ],
      [
        0,
        [
          ['SET', 'B0aa', 'x'],
          ['SELECT', '1'],
        ],
        false,
      ],
      [1, [['SET', 'B0aa', 'x']], true],
      [
        0,
        [
          ['SELECT', '1'],
          ['SET', 'B0aa', 'x'],
        ],
        true,
      ],
      [
        0,
        [
          ['SELECT', '1'],
          ['SET', 'B0aa', 'x'],
          ['SELECT', '0'],
        ],
        true,
      ],
    ];
    for (const [db, commands, expedites] of blocks) {
      const world = fixture({ extra: [[1, 'B0aa']] });
      const iteration = start(world, START);
      read(world, 1);
      const session = world.keyspace.session();
      session.db = db;
      session.execute(['MULTI']);
      for (const argv of commands) session.execute(argv);
      session.execute(['EXEC']);
      expect(iteration.items.map(describeItem)).toEqual(expedites ? ['B0aa', '1:B0aa'] : ['B0aa']);
    }
  });

  it('replicationReceivedWhileProcessingLastKey: writes until complete are forwarded, later ones are not', () => {
    const world = fixture();
    const iteration = start(world, EVENTUAL);
    read(world, 16);
    set(world, 'B0aa', 'late');
    read(world, 1);
    set(world, 'B1', 'after');
    expect(stream(iteration)).toEqual([...DB0, ...DB1, 'SET B0aa late', 'complete']);
    expect(iteration.complete?.offset).toBe(world.keyspace.offset - 1);
  });

  it('checkNoKeysWriteIsReplicated: a keyless write is always forwarded', () => {
    const world = fixture({ databases: 3 });
    const iteration = start(world, EVENTUAL);
    read(world, 1);
    world.keyspace.execute(['FLUSHDB'], { db: 2 });
    expect(stream(iteration).slice(0, 3)).toEqual(['B0aa', 'flushdb 2', 'FLUSHDB']);
  });

  it('earlyTermination: unsubscribing stops cycles and hooks at once', () => {
    const world = fixture();
    const iteration = start(world, START);
    read(world, 1);
    iteration.subscription.unsubscribe();
    set(world, 'H0c', 'xxx');
    expect(world.scheduler.pending).toBe(0);
    expect(iteration.items.map(describeItem)).toEqual(['B0aa']);
  });
});
