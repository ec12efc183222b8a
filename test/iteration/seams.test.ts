/**
 * Regressions at the seams where an iteration meets the rest of a program (issue 9): consumers
 * that run commands from inside `next`, overwrites, and a keyspace replaced under an iteration.
 * Keys share the hash tag {t}, so the cursor meets them in insertion order.
 */
import { describe, expect, it } from 'vitest';
import { bgIteration } from '../../lib/iteration/bgIteration.js';
import type { IterationItem } from '../../lib/keyspace/IterationItem.js';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { isForklessError } from '../../lib/errors.js';
import { dumpKeyspace } from '../support/dumpKeyspace.js';
import { ManualScheduler } from '../support/ManualScheduler.js';

type Mode = { consistent: boolean; replication: boolean };
const EVENTUAL: Mode = { consistent: false, replication: true };
const NONE: Mode = { consistent: false, replication: false };

/** An iteration whose consumer applies items to a replica and may react by running commands. */
function follow(leader: Keyspace, mode: Mode, batchSize: number, react: (item: IterationItem) => void = () => {}) {
  const scheduler = new ManualScheduler();
  const replica = new Keyspace({ clock: leader.clock });
  const items: IterationItem[] = [];
  const state = { error: null as unknown, leaderAtComplete: [] as string[], replicaAtComplete: [] as string[] };
  bgIteration(leader, { ...mode, scheduler, batchSize }).subscribe({
    next: (item) => {
      items.push(item);
      replica.apply(item);
      if (item.kind === 'complete') {
        state.leaderAtComplete = dumpKeyspace(leader);
        state.replicaAtComplete = dumpKeyspace(replica);
      } else react(item);
    },
    error: (error: unknown) => (state.error = error),
  });
  return { scheduler, replica, items, state };
}

describe('consumers that run commands from inside next', () => {
  it('a SET inside the expedite of an LMOVE does not cost the LMOVE its forwarding', () => {
    const leader = new Keyspace();
    leader.execute(['RPUSH', '{t}src', 'a', 'b']);
    const run = follow(leader, EVENTUAL, 1, (item) => {
      if (item.kind === 'entry' && item.key === '{t}src') leader.execute(['SET', '{t}progress', '1']);
    });
    leader.execute(['LMOVE', '{t}src', '{t}dst', 'LEFT', 'RIGHT']); // dst is new: forwarded, src expedited
    run.scheduler.drain();
    expect(run.state.error).toBeNull();
    expect(run.state.replicaAtComplete).toEqual(run.state.leaderAtComplete);
    expect(run.replica.execute(['LRANGE', '{t}dst', '0', '-1'])).toEqual(['a']);
  });

  it('a GET of an expired key inside an expedite still forwards the expiry DEL', () => {
    let now = 1_000;
    const leader = new Keyspace({ clock: () => now });
    leader.execute(['SET', '{t}e', 'x', 'PX', '10']);
    leader.execute(['SET', '{t}z', 'z']);
    const run = follow(leader, EVENTUAL, 1, (item) => {
      if (item.kind === 'entry' && item.key === '{t}z') leader.execute(['GET', '{t}e']);
    });
    run.scheduler.step(); // the cursor presents e
    expect(run.items.map((item) => item.kind === 'entry' && item.key)).toEqual(['{t}e']);
    now += 100; // e has expired
    leader.execute(['COPY', '{t}z', '{t}copy']); // forwarded (copy is new); z is expedited, the consumer reads e
    run.scheduler.drain();
    expect(run.state.replicaAtComplete).toEqual(run.state.leaderAtComplete);
    expect(run.replica.execute(['EXISTS', '{t}e'], { replicated: true })).toBe(0);
  });

  it('a write to a key of the batch being delivered reaches the consumer after that key', () => {
    const leader = new Keyspace();
    for (const key of ['k1', 'k2', 'k3', 'k4']) leader.execute(['SET', `{t}${key}`, 'old']);
    const run = follow(leader, EVENTUAL, 4, (item) => {
      if (item.kind === 'entry' && item.key === '{t}k1') leader.execute(['SET', '{t}k3', 'new']);
    });
    run.scheduler.drain();
    const order = run.items.map((item) => (item.kind === 'entry' ? item.key : item.kind === 'command' ? item.argv.join(' ') : item.kind));
    expect(order.indexOf('SET {t}k3 new')).toBeGreaterThan(order.indexOf('{t}k3'));
    expect(run.replica.execute(['GET', '{t}k3'])).toBe('new');
    expect(run.state.replicaAtComplete).toEqual(run.state.leaderAtComplete);
  });
});

describe('copy-on-write across RENAME and MOVE', () => {
  it.each([
    ['RENAME', ['RENAME', 's', 't'], 0],
    ['MOVE', ['MOVE', 's', '1'], 1],
  ] as const)('a consistent snapshot keeps the value a %s moved, whatever later writes do to it', (_name, move, db) => {
    const ks = new Keyspace();
    ks.execute(['SADD', 's', 'a']);
    const run = follow(ks, { consistent: true, replication: false }, 8);
    ks.execute(move);
    ks.execute(['SADD', 't', 'b'], { db });
    ks.execute(['SADD', 's', 'b'], { db });
    run.scheduler.drain();
    const entry = run.items.find((item) => item.kind === 'entry' && item.key === 's');
    expect(entry?.kind === 'entry' && [...(entry.value as Set<string>)]).toEqual(['a']);
  });
});

describe('overwrites without replication (non-consistent)', () => {
  const overwrites: [string, string[][]][] = [
    ['SET', [['SET', '{t}d', 'v2']]],
    ['GETSET', [['GETSET', '{t}d', 'v2']]],
    ['SETEX', [['SETEX', '{t}d', '100', 'v2']]],
    ['MSET', [['MSET', '{t}d', 'v2', '{t}b', 'x']]],
    [
      'SUNIONSTORE',
      [
        ['SADD', '{t}s1', 'a'],
        ['SUNIONSTORE', '{t}d', '{t}s1'],
      ],
    ],
    [
      'SINTERSTORE',
      [
        ['SADD', '{t}s1', 'a'],
        ['SINTERSTORE', '{t}d', '{t}s1', '{t}s1'],
      ],
    ],
    [
      'SDIFFSTORE',
      [
        ['SADD', '{t}s1', 'a'],
        ['SDIFFSTORE', '{t}d', '{t}s1'],
      ],
    ],
    [
      'ZUNIONSTORE',
      [
        ['ZADD', '{t}z1', '1', 'a'],
        ['ZUNIONSTORE', '{t}d', '1', '{t}z1'],
      ],
    ],
    [
      'ZINTERSTORE',
      [
        ['ZADD', '{t}z1', '1', 'a'],
        ['ZINTERSTORE', '{t}d', '1', '{t}z1'],
      ],
    ],
    [
      'RENAME',
      [
        ['SET', '{t}src', 'v2'],
        ['RENAME', '{t}src', '{t}d'],
      ],
    ],
    [
      'COPY REPLACE',
      [
        ['SET', '{t}src', 'v2'],
        ['COPY', '{t}src', '{t}d', 'REPLACE'],
      ],
    ],
  ];

  it.each(overwrites)('%s onto a delivered key does not deliver it again', (_name, commands) => {
    const leader = new Keyspace();
    for (const key of ['a', 'd', 'f']) leader.execute(['SET', `{t}${key}`, 'v1']);
    const run = follow(leader, NONE, 2);
    run.scheduler.step(); // a and d delivered
    for (const argv of commands) leader.execute(argv);
    run.scheduler.drain();
    expect(run.items.filter((item) => item.kind === 'entry' && item.key === '{t}d')).toHaveLength(1);
  });

  it.each(overwrites)('%s onto a key ahead of the cursor delivers it once, with the new value', (_name, commands) => {
    const leader = new Keyspace();
    for (const key of ['a', 'd', 'f']) leader.execute(['SET', `{t}${key}`, 'v1']);
    const run = follow(leader, NONE, 1);
    run.scheduler.step(); // a delivered
    for (const argv of commands) leader.execute(argv);
    run.scheduler.drain();
    const delivered = run.items.filter((item) => item.kind === 'entry' && item.key === '{t}d');
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.kind === 'entry' && delivered[0]!.value).not.toBe('v1');
  });
});

describe('a client RESTORE under a consistent+replication iteration', () => {
  it('is an ordinary propagated write: the iteration goes on and the replica converges', () => {
    const leader = new Keyspace();
    leader.execute(['RPUSH', 'l', 'a', 'b']);
    const payload = leader.execute(['DUMP', 'l'], { encoding: 'binary' }) as string;
    const run = follow(leader, { consistent: true, replication: true }, 1);
    leader.execute(['RESTORE', 'copy', '0', Buffer.from(payload, 'latin1')]);
    run.scheduler.drain();
    expect(run.state.error).toBeNull();
    expect(run.state.replicaAtComplete).toEqual(run.state.leaderAtComplete);
    expect(run.replica.execute(['LRANGE', 'copy', '0', '-1'])).toEqual(['a', 'b']);
  });
});

describe('a replicating iteration across replaceWith', () => {
  const cases: [string, Mode, (source: Keyspace) => void][] = [
    ['consistent+replication, replacement with new keys', { consistent: true, replication: true }, (source) => source.execute(['SET', 'new', '1'])],
    ['non-consistent+replication, empty replacement', EVENTUAL, () => {}],
  ];
  it.each(cases)('%s: never completes on a diverged replica', (_name, mode, fill) => {
    const leader = new Keyspace();
    for (let index = 0; index < 20; index++) leader.execute(['SET', `old:${index}`, 'v']);
    const run = follow(leader, mode, 3);
    run.scheduler.step();
    const source = new Keyspace();
    fill(source);
    leader.replaceWith(source);
    run.scheduler.drain();
    const complete = run.items.find((item) => item.kind === 'complete');
    if (complete !== undefined) expect(run.state.replicaAtComplete).toEqual(run.state.leaderAtComplete);
    else expect(isForklessError(run.state.error, 'FORKLESS_ERR_ITERATION_CLOSED')).toBe(true);
  });
});

describe('a database flushed while the cursor is inside one of its slots', () => {
  for (const [name, flush] of [
    ['FLUSHDB', ['FLUSHDB']],
    ['SWAPDB then FLUSHDB of the swapped-in database', ['SWAPDB', '0', '1']],
  ] as const) {
    it(`${name}: no entry of the flushed data comes after the barrier (non-consistent + replication)`, () => {
      const leader = new Keyspace();
      // One slot ({t}) holding several keys in db 1: the cursor stops inside it after one entry.
      for (let index = 0; index < 5; index++) leader.execute(['SET', `{t}k${index}`, 'v'], { db: 1 });
      leader.execute(['SET', 'other', 'x'], { db: 0 });
      const run = follow(leader, EVENTUAL, 1);
      run.scheduler.step(); // db 0: 'other'
      run.scheduler.step(); // db 1: the first key of slot {t}; the cursor stays inside the slot
      if (flush[0] === 'SWAPDB') {
        leader.execute([...flush]);
        leader.execute(['FLUSHDB'], { db: 0 }); // the data the cursor walks is now db 0's, flushed
      } else leader.execute(['FLUSHDB'], { db: 1 });
      run.scheduler.drain();
      expect(run.state.error).toBeNull();
      expect(run.state.replicaAtComplete).toEqual(run.state.leaderAtComplete);
      const barrier = run.items.findIndex((item) => item.kind === 'flushdb');
      expect(run.items.slice(barrier).filter((item) => item.kind === 'entry' && item.key.startsWith('{t}'))).toEqual([]);
    });
  }
});
