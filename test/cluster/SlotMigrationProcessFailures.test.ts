import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { keyHashSlot } from '../../lib/keyspace/keyHashSlot.js';
import type { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { SeededRandom } from '../support/SeededRandom.js';
import { ClusterLoad } from './ClusterLoad.js';
import { bigValue, keysInRange, randomWrite } from './clusterWorkload.js';
import type { LinkProxy } from './LinkProxy.js';
import { killNode, lastExport, lastJob, ownedEverywhere, slotMigrations, slotOwners, verifyAgainstModel, waitFor, type NodeProcess } from './processCluster.js';
import { ProxiedCluster } from './ProxiedCluster.js';

const SEED = Number(process.env.CLUSTER_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Every migration streams more than this many bytes (the big values below), so a fault at a byte below it strikes mid-stream. */
const STREAM_FLOOR = 40_000;
/** The migration link's `CLUSTER SYNCSLOTS ESTABLISH` (about 200 bytes) is answered before anything else is sent. */
const AFTER_ESTABLISH = 512;
/** `repl-timeout` of every node (Valkey's slot-migration timeout): the source's stage timeout, in seconds. */
const REPL_TIMEOUT = 3;
/** Slots 0-99 move; a stalled stream stages some of them on the target. */
const MOVING_SLOTS = Array.from({ length: 100 }, (_, slot) => slot);

const cluster = new ProxiedCluster();
let cleanup: ClusterLoad | undefined;

afterAll(async () => {
  void cleanup?.stop(); // a failed test leaves it running
  await cluster.close();
});

/** Deletes from the model every key of `slots` (what a FLUSHALL did to the node owning them). */
function flushModel(model: Keyspace, slots: readonly number[]): void {
  for (const slot of slots) {
    const keys = [...(model.databases[0]!.slot(slot)?.keys() ?? [])];
    if (keys.length > 0) model.execute(['DEL', ...keys]);
  }
}

function slotsOf(keys: readonly string[]): number[] {
  return [...new Set(keys.map((key) => keyHashSlot(key)))];
}

describe('slot migration failures between three forkless server processes under an ioredis Cluster load', () => {
  it('FLUSHALL on the target, FLUSHALL on the source, a hung target (stage timeout) and the source SIGKILLed, each mid-stream: the source keeps the slots with every acknowledged write, the target drops its staging and never takes the slots', async () => {
    onTestFailed(() => console.error(`SlotMigrationProcessFailures seed ${SEED} (rerun with CLUSTER_SEED=${SEED})`));
    const random = new SeededRandom(SEED);
    const {
      nodes: [a, b, c],
      proxies: [proxyB, proxyC],
      client,
    } = await cluster.start(['--repl-timeout', String(REPL_TIMEOUT)]);
    const moving = keysInRange(0, 99, 60, 'm');
    const own = { a: keysInRange(2000, 2099, 20, 's'), b: keysInRange(6000, 6099, 20, 'b'), c: keysInRange(12000, 12099, 20, 'c') };
    const keys = [...moving, ...own.a, ...own.b, ...own.c].map((key, index) => [key, index] as const);
    const slots = slotsOf(keys.map(([key]) => key));
    const load = new ClusterLoad(client, keys, 4, SEED);
    cleanup = load;
    /** One in three moving keys gets a big collection: each migration streams more than STREAM_FLOOR bytes. */
    const fill = async (only: (index: number) => boolean) => {
      for (const [key, index] of keys) if (only(index)) await load.write(index < moving.length && index % 3 === 0 ? bigValue(key, index, 500) : randomWrite(random, key, index));
    };
    await fill(() => true);

    /** Starts moving slots 0-99 from A to `target`, waits until its proxy holds the stream at a random byte; returns the job's name. */
    const stalledMigration = async (target: NodeProcess, proxy: LinkProxy) => {
      proxy.inject({ kind: 'stall', at: random.integer(AFTER_ESTABLISH, STREAM_FLOOR) });
      expect(await a.admin.call('CLUSTER', 'MIGRATESLOTS', 'SLOTSRANGE', '0', '99', 'NODE', target.id)).toBe('OK');
      await waitFor(() => proxy.struck, 'the migration link to stall');
      return (await slotMigrations(a)).filter((job) => job.operation === 'EXPORT').at(-1)!.name!;
    };
    const stopLoad = async () => expect((await load.stop()).errors).toEqual([]);
    /** The target's import `name` ended failed with `message`, and nothing of it is left. */
    const stagingDropped = async (target: NodeProcess, ownKeys: readonly string[], name: string | number, message: RegExp) => {
      expect(await lastJob(target, 'IMPORT')).toMatchObject({ name, state: 'failed', message: expect.stringMatching(message) });
      for (const slot of MOVING_SLOTS) expect(await target.admin.call('CLUSTER', 'COUNTKEYSINSLOT', String(slot)), `slot ${slot} on the target`).toBe(0);
      const expected = slotsOf(ownKeys).reduce((sum, slot) => sum + load.model.databases[0]!.countInSlot(slot), 0);
      expect(await target.admin.call('DBSIZE')).toBe(expected);
    };
    /** Stops the load, checks the target's staging gone, A owning the moving slots everywhere and the model, restarts the load. */
    const rolledBack = async (target: NodeProcess, ownKeys: readonly string[], name: string | number, message: RegExp) => {
      await stopLoad();
      await stagingDropped(target, ownKeys, name, message);
      await ownedEverywhere([a, b, c], 0, a.id);
      await verifyAgainstModel([a, b, c], load.model, slots);
      load.start();
      await load.progressed(100);
    };

    load.start();
    await load.progressed(200);

    // 1. FLUSHALL on the target while the stream is held mid-way: the target drops its staging at
    //    once, refuses the rest of the stream, and the source's job fails.
    const flushedTarget = await stalledMigration(b, proxyB);
    await stopLoad(); // no write of B's may race the FLUSHALL
    expect(await b.admin.call('FLUSHALL')).toBe('OK');
    flushModel(load.model, slotsOf(own.b));
    await stagingDropped(b, own.b, flushedTarget, /^Data was flushed on the target$/);
    load.start();
    proxyB.release();
    expect(await lastExport(a)).toMatchObject({ state: 'failed', message: expect.stringMatching(/^Connection lost to target \(ERR no slot import in progress on this link\)/) });
    await rolledBack(b, own.b, flushedTarget, /^Data was flushed on the target$/);

    // 2. FLUSHALL on the source mid-stream: its job fails at once, the target drops what it staged.
    const flushedSource = await stalledMigration(c, proxyC);
    await stopLoad();
    expect(await a.admin.call('FLUSHALL')).toBe('OK');
    flushModel(load.model, [...MOVING_SLOTS, ...slotsOf(own.a)]);
    expect(await lastExport(a)).toMatchObject({ name: flushedSource, state: 'failed', message: 'Data was flushed on the source' });
    proxyC.release();
    await fill((index) => index < moving.length && index % 3 === 0); // the big values again, for the next step
    load.start();
    await rolledBack(c, own.c, flushedSource, /^Data was flushed on the source$/);

    // 3. A link that holds its bytes for good (a target that stops reading, a silent network): the
    //    source's stage timeout (repl-timeout) fails its job; the target, which hears nothing more
    //    (not even the link's close), times its import out within two repl-timeouts and drops it.
    const timedOut = await stalledMigration(b, proxyB);
    const timedOutJob = await lastExport(a);
    expect(timedOutJob).toMatchObject({ name: timedOut, state: 'failed', message: expect.stringMatching(/^Timed out waiting for the target's reply/) });
    // The job's own times (whole seconds): repl-timeout applied, not the library's 10 s default.
    expect(Number(timedOutJob.last_update_time) - Number(timedOutJob.create_time)).toBeLessThan(10);
    await rolledBack(b, own.b, timedOut, /^Timed out after too long with no interaction$/);

    // 4. The source is SIGKILLed mid-stream, B and C under load: the target's import fails, its
    //    staging is dropped, it does not take the slots; B and C keep serving every acknowledged write.
    const killed = await stalledMigration(c, proxyC);
    await stopLoad();
    const survivors = new Set(slotsOf([...own.b, ...own.c]));
    load.start((key) => survivors.has(keyHashSlot(key)));
    await killNode(a);
    proxyC.release(); // the target gets what the source had sent, then the connection's end
    await load.progressed(100);
    await stopLoad();
    await stagingDropped(c, own.c, killed, /^Connection lost to source/);
    // No second owner: both survivors still name the dead source and send its writers there.
    for (const node of [b, c]) {
      expect((await slotOwners(node)).get(0), `owner of slot 0 on :${node.port}`).toBe(a.id);
      await expect(node.admin.call('SET', moving[0]!, 'x')).rejects.toThrow(new RegExp(`^MOVED ${keyHashSlot(moving[0]!)} 127\\.0\\.0\\.1:${a.port}$`));
    }
    await verifyAgainstModel([b, c], load.model, [...survivors]);
    // Had anything stayed staged out of sight (of the imports of steps 3 and 4: each ESTABLISH
    // clears older leftovers), giving B or C the dead node's slots would reveal it.
    for (const node of [b, c]) {
      expect(await node.admin.call('CLUSTER', 'DELSLOTSRANGE', '0', '99')).toBe('OK');
      expect(await node.admin.call('CLUSTER', 'ADDSLOTSRANGE', '0', '99')).toBe('OK');
      for (const key of moving) expect(await node.admin.call('EXISTS', key), `${key} on :${node.port}`).toBe(0);
    }
  }, 60_000);
});
