/**
 * Failure modes other systems shipped (reference/anchors-systems.md), as named regression tests.
 */
import { describe, expect, it } from 'vitest';
import { isForklessError } from '../../lib/errors.js';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { ObservedIteration, World } from '../support/iterationHarness.js';

const EVENTUAL = { consistent: false, replication: true } as const;

describe('anchor systems regressions', () => {
  it("Dragonfly's LPUSH double apply: a value presented before a forwarded push never includes it", () => {
    const world = new World(1);
    world.keyspace.execute(['RPUSH', 'source', 'a', 'b']);
    world.keyspace.execute(['RPUSH', 'target', 'x']);
    const iteration = new ObservedIteration(world, EVENTUAL, 1);
    world.scheduler.step(); // presents `source`; `target` is still ahead of the cursor
    // Reads nothing new, writes a passed key and a future one: `target` is presented first, then
    // the command is forwarded. Presenting the pushed value and forwarding the push would double it.
    world.keyspace.execute(['LMOVE', 'source', 'target', 'RIGHT', 'LEFT']);
    world.keyspace.execute(['LPUSH', 'target', 'y']);
    world.scheduler.drain();
    const target = iteration.items.find((item) => item.kind === 'entry' && item.key === 'target');
    expect(target).toMatchObject({ value: ['x'] });
    expect(iteration.mutatedAfterEmission()).toEqual([]);
    expect(iteration.replica.execute(['LRANGE', 'target', '0', '-1'])).toEqual(['y', 'b', 'x']);
    expect(iteration.replica.digest()).toBe(world.keyspace.digest());
  });

  it("Valkey's RENAME over an existing key: the destination is presented once, the renamed key never twice", () => {
    for (const mode of [EVENTUAL, { consistent: true, replication: false }, { consistent: false, replication: false }] as const) {
      const world = new World(1);
      for (const key of ['a', 'b', 'c', 'd']) world.keyspace.execute(['SET', key, key]);
      const iteration = new ObservedIteration(world, mode, 1);
      world.scheduler.step(); // a
      world.keyspace.execute(['RENAME', 'b', 'd']); // both ahead of the cursor
      world.keyspace.execute(['RENAME', 'a', 'c']); // passed source, future destination
      world.scheduler.drain();
      const keys = iteration.items.flatMap((item) => (item.kind === 'entry' ? [item.key] : []));
      expect(new Set(keys).size, `${JSON.stringify(mode)}: ${keys}`).toBe(keys.length);
      if (mode.replication) expect(iteration.replica.digest()).toBe(world.keyspace.digest());
    }
  });

  it('a keyspace swapped under a replicating iteration ends it with a typed error, not a wrong replica', () => {
    const world = new World(1);
    world.keyspace.execute(['SET', 'k', 'v']);
    const iteration = new ObservedIteration(world, EVENTUAL, 1);
    const loaded = new Keyspace({ databases: 1 });
    loaded.execute(['SET', 'other', 'value']);
    world.keyspace.replaceWith(loaded);
    expect(isForklessError(iteration.error, 'FORKLESS_ERR_ITERATION_CLOSED')).toBe(true);
    expect(world.scheduler.drain()).toBe(0); // nothing left scheduled
  });
});
