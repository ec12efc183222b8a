import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyIdentities } from '../support/KeyIdentities.js';
import { dumpKeyspace } from '../support/dumpKeyspace.js';
import { ObservedIteration, World, perform, tryExecute } from '../support/iterationHarness.js';
import { actionArbitrary, commandArbitrary } from '../support/workload.js';

const DATABASES = 3;
const MODES = [
  { consistent: true, replication: false },
  { consistent: false, replication: true },
  { consistent: true, replication: true },
  { consistent: false, replication: false },
] as const;

const scenario = fc.record({
  initial: fc.array(fc.tuple(commandArbitrary(DATABASES), fc.integer({ min: 0, max: DATABASES - 1 })), { minLength: 5, maxLength: 40 }),
  actions: fc.array(actionArbitrary(DATABASES), { maxLength: 120 }),
  tail: fc.array(fc.tuple(commandArbitrary(DATABASES), fc.integer({ min: 0, max: DATABASES - 1 })), { maxLength: 20 }),
  batchSizes: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
});

describe('bgIteration, all four modes at once under random interleavings (model-based)', () => {
  it('keeps every guarantee of design.md', () => {
    fc.assert(
      fc.property(scenario, ({ initial, actions, tail, batchSizes }) => {
        const world = new World(DATABASES);
        for (const [argv, db] of initial) tryExecute(world.keyspace, argv, db);
        const t0 = dumpKeyspace(world.keyspace);
        const identities = new KeyIdentities(world.keyspace);
        const t0Identities = identities.live();
        const iterations = MODES.map((mode, index) => new ObservedIteration(world, mode, batchSizes[index]!, identities));
        // Nothing is emitted synchronously inside subscribe.
        for (const iteration of iterations) expect(iteration.items).toEqual([]);
        for (const action of actions) perform(world, action);
        world.scheduler.drain();
        for (const [argv, db] of tail) tryExecute(world.keyspace, argv, db);

        const survivors = [...identities.live()].filter((identity) => t0Identities.has(identity));
        for (const iteration of iterations) {
          const { mode } = iteration;
          expect(iteration.error).toBeNull();
          expect(iteration.complete).not.toBeNull();
          expect(iteration.items.at(-1)).toEqual(iteration.complete);
          expect(iteration.mutatedAfterEmission()).toEqual([]);
          const entries = iteration.entryLines();
          if (mode.consistent) {
            // Exactly T0: each key once, with its T0 value, expiry and db index.
            expect([...entries].sort()).toEqual(t0);
          }
          if (mode.replication) {
            expect(iteration.replicaAtComplete).toEqual(iteration.leaderAtComplete);
            expect(dumpKeyspace(iteration.replica)).toEqual(dumpKeyspace(world.keyspace));
            expect(iteration.replica.digest()).toBe(world.keyspace.digest());
          } else {
            expect(iteration.items.filter((item) => item.kind === 'command')).toEqual([]);
          }
          if (!mode.consistent && !mode.replication) {
            // Every key alive for the whole iteration delivered exactly once.
            const delivered = iteration.deliveredEntries;
            expect(new Set(delivered).size).toBe(delivered.length);
            const deliveredSet = new Set(delivered);
            expect(survivors.filter((identity) => !deliveredSet.has(identity))).toEqual([]);
          }
        }
      }),
      { numRuns: Number(process.env.FORKLESS_PROPERTY_RUNS ?? 300) },
    );
  });
});
