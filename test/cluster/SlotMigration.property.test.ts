import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClusterNode } from '../../lib/cluster/ClusterNode.js';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { SeededRandom } from '../support/SeededRandom.js';
import { inProcessCluster, runAtomically, TestClusterClient, turns } from './clusterHarness.js';
import { keysInRange, randomWrite } from './clusterWorkload.js';
import { verifyCluster } from './verifyCluster.js';

type Fault = { kind: 'none' } | { kind: 'cut' | 'cancel'; at: number } | { kind: 'lost-failover-reply' };

interface Move {
  from: number;
  to: number;
  start: number;
  width: number;
  fault: Fault;
}

const fault: fc.Arbitrary<Fault> = fc.oneof(
  fc.constant({ kind: 'none' } as const),
  fc.record({ kind: fc.constantFrom('cut' as const, 'cancel' as const), at: fc.integer({ min: 1, max: 120 }) }),
  fc.constant({ kind: 'lost-failover-reply' } as const),
);
const move: fc.Arbitrary<Move> = fc.record({
  from: fc.integer({ min: 0, max: 2 }),
  to: fc.integer({ min: 1, max: 2 }),
  start: fc.integer({ min: 0, max: 16000 }),
  width: fc.integer({ min: 1, max: 300 }),
  fault,
});

/**
 * Random migrations back and forth between three nodes, each with a random fault, under a client
 * running single writes and MULTI blocks inside one slot: after each move the cluster holds
 * exactly the model (every acknowledged write), on one owner per slot, and the outcome matches
 * the job's state (success: the target owns the slots; failed or cancelled: the source does).
 */
describe('slot migration property (fast-check, in-process links)', () => {
  it('every acknowledged write survives any sequence of migrations and faults', async () => {
    const seed = Number(process.env.FC_SEED ?? 20261206);
    await fc.assert(
      fc.asyncProperty(fc.array(move, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 1e6 }), async (moves, workloadSeed) => {
        const cluster = inProcessCluster(3, { chunkSize: 4 });
        const model = new Keyspace();
        const client = new TestClusterClient(cluster.nodes);
        const random = new SeededRandom(workloadSeed);
        const keys = [...Array(8).keys()].flatMap((group) => keysInRange(group * 2000, group * 2000 + 400, 6, `g${group}-`));
        const step = async () => {
          const index = random.integer(0, keys.length - 1);
          if (random.chance(0.2)) {
            const tag = /\{(\d+)\}/.exec(keys[index]!)![1]!;
            const commands = [randomWrite(random, `{${tag}}a`, 0), randomWrite(random, `{${tag}}b`, 1), randomWrite(random, `{${tag}}c`, 2)];
            await client.transaction(commands);
            runAtomically(model, commands);
          } else {
            const argv = randomWrite(random, keys[index]!, index);
            await client.execute(argv);
            model.execute(argv);
          }
        };
        for (let index = 0; index < 150; index++) await step();
        for (const planned of moves) {
          const source = cluster.nodes[planned.from]!;
          const target = cluster.nodes[(planned.from + planned.to) % 3]!;
          const start = Math.min(planned.start, 16383);
          const mine = source.topology.rangesOf(source.id);
          if (mine.length === 0) continue;
          const overlapping = mine.find(([from, to]) => to >= start && from <= start + planned.width);
          const ranges: [number, number][] = overlapping
            ? [[Math.max(overlapping[0], start), Math.min(overlapping[1], start + planned.width)]]
            : [[mine[0]![0], Math.min(mine[0]![1], mine[0]![0] + planned.width)]];
          injectFault(cluster, source, target, planned.fault);
          const job = source.startExport(ranges, target.id);
          while (!job.finished) {
            await step();
            await turns();
          }
          cluster.observe(() => {});
          await turns(40);
          verifyCluster(cluster.nodes, model);
          const owner = source.topology.ownerOf(ranges[0]![0])!.id;
          expect(owner, `${job.state}: ${job.message}`).toBe(job.state === 'success' ? target.id : source.id);
        }
      }),
      { seed, numRuns: Number(process.env.FC_RUNS ?? 12), endOnFailure: true },
    );
  }, 120_000);
});

function injectFault(cluster: ReturnType<typeof inProcessCluster>, source: ClusterNode, target: ClusterNode, planned: Fault): void {
  let sent = 0;
  cluster.observe((argv, link, from, to) => {
    if (from !== source || to !== target) return;
    sent++;
    if (planned.kind === 'cut' && sent === planned.at) link.cut(new Error('injected'));
    if (planned.kind === 'cancel' && sent === planned.at) source.cancelMigrations();
    if (planned.kind === 'lost-failover-reply' && argv[2] === 'FAILOVER') link.cutAfterThis();
  });
}
