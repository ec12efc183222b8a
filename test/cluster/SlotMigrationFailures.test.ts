import { describe, expect, it } from 'vitest';
import type { ClusterNode } from '../../lib/cluster/ClusterNode.js';
import type { InProcessLink } from '../../lib/cluster/InProcessLink.js';
import type { ByteString } from '../../lib/keyspace/byteString.js';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { SLOT_COUNT } from '../../lib/keyspace/keyHashSlot.js';
import { SeededRandom } from '../support/SeededRandom.js';
import { inProcessCluster, TestClusterClient, turns } from './clusterHarness.js';
import { bigValue, keysInRange, randomWrite } from './clusterWorkload.js';
import { verifyCluster } from './verifyCluster.js';

type Cluster = ReturnType<typeof inProcessCluster>;
interface Context {
  cluster: Cluster;
  source: ClusterNode;
  target: ClusterNode;
  model: Keyspace;
}
/** Called for each command the source sends the target; `index` counts from 1 (ESTABLISH). */
type Injection = (argv: readonly ByteString[], index: number, link: InProcessLink, context: Context) => void;

/** Deletes from the model every key of the slots `node` owns (a FLUSHALL on that node). */
function flushModel(model: Keyspace, node: ClusterNode): void {
  model.databases.forEach((database, db) => {
    for (let slot = database.nextSlot(0); slot < SLOT_COUNT; slot = database.nextSlot(slot + 1)) {
      if (node.topology.ownerOf(slot)?.id === node.id) model.execute(['DEL', ...database.slot(slot)!.keys()], { db });
    }
  });
}

/**
 * Migrates slots 0..99 from node 0 to node 1 under a live mixed workload, injecting a failure
 * through `inject`; returns the source job's final state after checking the cluster against the
 * model (every acknowledged write present, every key on its owner only, nothing left hidden).
 */
async function runScenario(
  inject: Injection,
  options: { advance?: number } = {},
): Promise<{ state: string; message: string; code: string | undefined; owner: string; context: Context; sent: number }> {
  const cluster = inProcessCluster(3, { chunkSize: 8, pauseTimeoutMs: 50, stageTimeoutMs: 200 });
  const [source, target] = cluster.nodes as [ClusterNode, ClusterNode];
  const context: Context = { cluster, source, target, model: new Keyspace() };
  const client = new TestClusterClient(cluster.nodes);
  const write = async (argv: string[]) => {
    await client.execute(argv);
    context.model.execute(argv);
  };
  const keys = keysInRange(0, 99, 120);
  const others = [...keysInRange(200, 260, 20, 'o'), ...keysInRange(6000, 6100, 20, 't')];
  for (const [index, key] of keys.entries()) await write(index % 12 === 0 ? bigValue(key, index, 40) : randomWrite(new SeededRandom(index), key, index));
  for (const [index, key] of others.entries()) await write(randomWrite(new SeededRandom(index), key, index));
  let sent = 0;
  cluster.observe((argv, link, from, to) => {
    if (from === source && to === target) inject(argv, ++sent, link, context);
  });
  const random = new SeededRandom(11);
  let running = true;
  const load = (async () => {
    while (running) {
      const index = random.integer(0, 1000);
      await write(randomWrite(random, random.chance(0.7) ? keys[index % keys.length]! : others[index % others.length]!, index));
      await turns();
    }
  })();
  const job = source.startExport([[0, 99]], target.id);
  for (let turn = 0; !job.finished; turn++) {
    await turns();
    if (options.advance !== undefined && turn % 5 === 4) cluster.timers.advance(options.advance);
    if (turn > 20_000) throw new Error(`job stuck in ${job.state}`);
  }
  running = false;
  await load;
  cluster.timers.advance(1000); // closes links the source was still draining
  await turns(30);
  verifyCluster(cluster.nodes, context.model);
  const importJob = target.jobs.find((candidate) => candidate.name === job.name);
  if (importJob !== undefined) expect(importJob.finished).toBe(true);
  return { state: job.state, message: job.message, code: job.error?.code, owner: source.topology.ownerOf(0)!.id, context, sent };
}

const cutAt =
  (at: number): Injection =>
  (_argv, index, link) => {
    if (index === at) link.cut(new Error(`injected cut at command ${at}`));
  };

const when =
  (sub: string, act: (link: InProcessLink, context: Context) => void): Injection =>
  (argv, _index, link, context) => {
    if (argv[0] === 'CLUSTER' && argv[2] === sub) act(link, context);
  };

describe('slot migration failures roll back: the source keeps the slots with all acknowledged writes, the target drops its staging', () => {
  it.each([1, 2, 5, 40, 120, 170])('link cut before command %i', async (at) => {
    const { state, owner, context, sent, code } = await runScenario(cutAt(at));
    expect(sent).toBeGreaterThanOrEqual(at);
    expect(state).toBe('failed');
    expect(code).toBe('FORKLESS_ERR_CLOSED');
    expect(owner).toBe(context.source.id);
  });

  it.each(['ACK', 'FAILOVER'])('link cut when %s is sent', async (sub) => {
    const { state, owner, context, message } = await runScenario(when(sub, (link) => link.cut(new Error('injected'))));
    expect(state, message).toBe('failed');
    expect(owner).toBe(context.source.id);
  });

  it('a lost FAILOVER reply is settled by the probe: the target owns the slots, exactly once', async () => {
    const { state, owner, context } = await runScenario(when('FAILOVER', (link) => link.cutAfterThis()));
    expect(state).toBe('success');
    expect(owner).toBe(context.target.id);
  });

  it('a target that hangs at FAILOVER: the pause times out, the probe aborts the import, paused writes run on the source', async () => {
    const { state, owner, context, message } = await runScenario(
      when('FAILOVER', (link) => link.stall()),
      { advance: 60 },
    );
    expect(state).toBe('failed');
    expect(message).toMatch(/Handoff not completed/);
    expect(owner).toBe(context.source.id);
  });

  it('a target that hangs mid-snapshot: the stage timeout fails the job', async () => {
    const { state, owner, context, code } = await runScenario(cutOrStallAt(30), { advance: 100 });
    expect(state).toBe('failed');
    expect(code).toBe('FORKLESS_ERR_TIMEOUT');
    expect(owner).toBe(context.source.id);
  });

  it.each(['ESTABLISH', 'ACK', 'FAILOVER'])('target killed at %s', async (sub) => {
    const { state, owner, context, code } = await runScenario(when(sub, (_link, { cluster, target }) => cluster.kill(target)));
    expect(state).toBe('failed');
    expect(code).toBe('FORKLESS_ERR_CLOSED');
    expect(owner).toBe(context.source.id);
  });

  it.each([3, 60])('CLUSTER CANCELSLOTMIGRATIONS before command %i', async (at) => {
    const { state, owner, context, code } = await runScenario((_argv, index, _link, { source }) => index === at && source.cancelMigrations());
    expect(state).toBe('cancelled');
    expect(code).toBe('FORKLESS_ERR_MIGRATION_CANCELLED');
    expect(owner).toBe(context.source.id);
  });

  it.each([
    ['source', 20],
    ['source', 'ACK'],
    ['target', 20],
    ['target', 'ACK'],
  ] as const)('FLUSHALL on the %s at %s', async (side, at) => {
    const flush = (context: Context) => {
      const node = side === 'source' ? context.source : context.target;
      node.keyspace.execute(['FLUSHALL']);
      flushModel(context.model, node);
    };
    const injection: Injection = typeof at === 'number' ? (_argv, index, _link, context) => index === at && flush(context) : when(at, (_link, context) => flush(context));
    const { state, owner, context, message, code } = await runScenario(injection);
    expect(state, message).toBe('failed');
    expect(code).toBe('FORKLESS_ERR_MIGRATION_FAILED');
    expect(owner).toBe(context.source.id);
  });
});

function cutOrStallAt(at: number): Injection {
  return (_argv, index, link) => index === at && link.stall();
}
