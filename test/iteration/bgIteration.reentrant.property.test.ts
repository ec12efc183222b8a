import fc from 'fast-check';
import { describe, it } from 'vitest';
import { dumpKeyspace } from '../support/dumpKeyspace.js';
import { KeyIdentities } from '../support/KeyIdentities.js';
import { ALL_MODES, ObservedIteration, World, expectEveryGuarantee, perform, tryExecute } from '../support/iterationHarness.js';
import { actionArbitrary, commandArbitrary } from '../support/workload.js';

const DATABASES = 3;
const MODES = ALL_MODES;

const command = fc.tuple(commandArbitrary(DATABASES), fc.integer({ min: 0, max: DATABASES - 1 }));
const scenario = fc.record({
  initial: fc.array(command, { minLength: 5, maxLength: 40 }),
  actions: fc.array(actionArbitrary(DATABASES), { maxLength: 100 }),
  // What each iteration's consumer runs from inside next, one entry per item it receives.
  reactions: fc.tuple(...MODES.map(() => fc.array(fc.option(command, { freq: 2 }), { maxLength: 60 }))),
  // Packed collections (0: packed after every write) and containers (hot) both appear.
  unpackedCollections: fc.constantFrom(0, 1, 16),
  batchSizes: fc.tuple(...MODES.map(() => fc.integer({ min: 1, max: 4 }))),
});

describe('bgIteration with consumers that run commands from inside next (model-based)', () => {
  it('keeps every guarantee of every concurrent iteration', () => {
    fc.assert(
      fc.property(scenario, ({ initial, actions, reactions, batchSizes, unpackedCollections }) => {
        const world = new World(DATABASES, unpackedCollections);
        for (const [argv, db] of initial) tryExecute(world.keyspace, argv, db);
        const t0 = dumpKeyspace(world.keyspace);
        const identities = new KeyIdentities(world.keyspace);
        const t0Identities = identities.live();
        const iterations = MODES.map((mode, index) => {
          const queue = [...reactions[index]!];
          const react = () => {
            const next = queue.shift();
            if (next) tryExecute(world.keyspace, next[0], next[1]);
          };
          return new ObservedIteration(world, mode, batchSizes[index]!, identities, react);
        });
        for (const action of actions) perform(world, action);
        world.scheduler.drain();

        const survivors = [...identities.live()].filter((identity) => t0Identities.has(identity));
        for (const iteration of iterations) expectEveryGuarantee(iteration, world, t0, survivors);
      }),
      { numRuns: Number(process.env.FORKLESS_PROPERTY_RUNS ?? 300) },
    );
  });
});
