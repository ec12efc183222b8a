import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { keyHashSlot } from '../../lib/keyspace/keyHashSlot.js';
import { SeededRandom } from '../support/SeededRandom.js';
import { ClusterLoad } from './ClusterLoad.js';
import { ProxiedCluster } from './ProxiedCluster.js';
import { bigValue, keysInRange, randomWrite } from './clusterWorkload.js';
import { killNode, lastExport, ownedEverywhere, verifyAgainstModel, waitFor, type NodeProcess } from './processCluster.js';

const SEED = Number(process.env.CLUSTER_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Every migration streams more than this many bytes (the big values below), so a fault at a byte below it strikes mid-stream. */
const STREAM_FLOOR = 40_000;

const cluster = new ProxiedCluster();

afterAll(() => cluster.close());

describe('slot migration between three forkless server processes under an ioredis Cluster load, with injected failures', () => {
  it('link cut at a random byte, cancel mid-stream, target SIGKILLed: each rolls back; a retry and a move back succeed; every acknowledged write is on its owner once', async () => {
    onTestFailed(() => console.error(`SlotMigrationProcesses seed ${SEED} (rerun with CLUSTER_SEED=${SEED})`));
    const random = new SeededRandom(SEED);
    const {
      nodes: [a, b, c],
      proxies: [proxyB, proxyC],
      client,
    } = await cluster.start();
    const moving = keysInRange(0, 99, 60, 'm'); // slots 0-99 move; A keeps 2000-2099, B keeps 6000-6099
    const keys = [...moving, ...keysInRange(2000, 2099, 20, 's'), ...keysInRange(6000, 6099, 20, 'b')].map((key, index) => [key, index] as const);
    const slots = [...new Set(keys.map(([key]) => keyHashSlot(key)))];
    const load = new ClusterLoad(client, keys, 4, SEED);
    for (const [key, index] of keys) await load.write(index < moving.length && index % 3 === 0 ? bigValue(key, index, 500) : randomWrite(random, key, index));

    const migrate = async (from: NodeProcess, to: NodeProcess) => {
      expect(await from.admin.call('CLUSTER', 'MIGRATESLOTS', 'SLOTSRANGE', '0', '99', 'NODE', to.id)).toBe('OK');
    };
    /** Stops the load, checks the cluster against the model and the source still serving, restarts the load. */
    const quiesceAndVerify = async (alive: NodeProcess[], owner: NodeProcess) => {
      const { errors } = await load.stop();
      expect(errors).toEqual([]);
      await ownedEverywhere(alive, 0, owner.id);
      await verifyAgainstModel(alive, load.model, slots);
      expect(await owner.admin.call('GET', moving[0]!)).toBeDefined(); // served there, no MOVED
      load.start();
      await load.progressed(100);
    };

    load.start();
    await load.progressed(200);

    // 1. The migration link is cut at a random byte of its stream.
    proxyB.inject({ kind: 'cut', at: random.integer(1, STREAM_FLOOR) });
    await migrate(a, b);
    const cut = await lastExport(a);
    expect(proxyB.struck).toBe(true);
    expect(cut).toMatchObject({ state: 'failed', message: expect.stringMatching(/Connection lost to target/) });
    await quiesceAndVerify([a, b, c], a);

    // 2. CLUSTER CANCELSLOTMIGRATIONS while the stream is held mid-way.
    proxyB.inject({ kind: 'stall', at: random.integer(1, STREAM_FLOOR) });
    await migrate(a, b);
    await waitFor(() => proxyB.struck, 'the migration link to stall');
    expect(await a.admin.call('CLUSTER', 'CANCELSLOTMIGRATIONS')).toBe('OK');
    proxyB.release();
    expect(await lastExport(a)).toMatchObject({ state: 'cancelled' });
    await quiesceAndVerify([a, b, c], a);

    // 3. The target process is SIGKILLed mid-stream.
    proxyC.inject({ kind: 'stall', at: random.integer(1, STREAM_FLOOR) });
    await migrate(a, c);
    await waitFor(() => proxyC.struck, 'the migration link to stall');
    await killNode(c);
    expect(await lastExport(a)).toMatchObject({ state: 'failed' });
    await quiesceAndVerify([a, b], a);

    // 4. A retry succeeds, and the slots move back over a direct link, all under the load.
    await migrate(a, b);
    const retried = await lastExport(a);
    expect(retried).toMatchObject({ state: 'success' });
    // The source logs each job it exported, as Valkey does: the failures' messages, the success's pause.
    await a.process.waitForOutput(new RegExp(`slot migration ${retried.name} export 0-99 to ${b.id}: success, \\d+ keys, [\\d.]+ MB sent, handoff pause [\\d.]+ ms`));
    expect(a.process.stdout).toMatch(new RegExp(`slot migration ${cut.name} export 0-99 to ${b.id}: failed, Connection lost to target`));
    expect(a.process.stdout).toMatch(/export 0-99 to \w+: cancelled, Cancelled by CLUSTER CANCELSLOTMIGRATIONS/);
    await quiesceAndVerify([a, b], b);
    await migrate(b, a);
    expect(await lastExport(b)).toMatchObject({ state: 'success' });
    await quiesceAndVerify([a, b], a);
    expect((await load.stop()).errors).toEqual([]);
  }, 90_000);
});
