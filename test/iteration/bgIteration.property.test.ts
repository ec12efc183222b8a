import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyIdentities } from '../support/KeyIdentities.js';
import { dumpKeyspace } from '../support/dumpKeyspace.js';
import { ALL_MODES, ObservedIteration, World, expectEveryGuarantee, perform, tryExecute } from '../support/iterationHarness.js';
import { actionArbitrary, commandArbitrary } from '../support/workload.js';

const DATABASES = 3;
const MODES = ALL_MODES;

const scenario = fc.record({
  initial: fc.array(fc.tuple(commandArbitrary(DATABASES), fc.integer({ min: 0, max: DATABASES - 1 })), { minLength: 5, maxLength: 40 }),
  actions: fc.array(actionArbitrary(DATABASES), { maxLength: 120 }),
  tail: fc.array(fc.tuple(commandArbitrary(DATABASES), fc.integer({ min: 0, max: DATABASES - 1 })), { maxLength: 20 }),
  // Packed collections (0: packed after every write) and containers (hot) both appear.
  unpackedCollections: fc.constantFrom(0, 1, 16),
  batchSizes: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
});

describe('bgIteration, all four modes at once under random interleavings (model-based)', () => {
  it('keeps every guarantee of design.md', () => {
    fc.assert(
      fc.property(scenario, ({ initial, actions, tail, batchSizes, unpackedCollections }) => {
        const world = new World(DATABASES, unpackedCollections);
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
        for (const iteration of iterations) expectEveryGuarantee(iteration, world, t0, survivors);
      }),
      { numRuns: Number(process.env.FORKLESS_PROPERTY_RUNS ?? 300) },
    );
  });
});
