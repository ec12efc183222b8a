import { Redis } from 'ioredis';
import { expect } from 'vitest';
import type { Keyspace } from '../../lib/keyspace/Keyspace.js';
import type { Reply } from '../../lib/keyspace/Reply.js';
import { startForkless, type ForklessProcess } from '../cli/support/forklessProcess.js';
import { waitFor } from '../replication/support/waitFor.js';

/** One `forkless server --cluster-enabled yes` process and an admin connection to it. */
export interface NodeProcess {
  readonly process: ForklessProcess;
  readonly port: number;
  readonly id: string;
  readonly admin: Redis;
}

/** Starts a real cluster-mode server process on a free port (no saves, files in `dir`, then `args`). */
export async function startNodeProcess(dir: string, args: readonly string[] = []): Promise<NodeProcess> {
  const process = startForkless(['server', '--port', '0', '--dir', dir, '--save', '', '--cluster-enabled', 'yes', ...args]);
  const exited = process.exited.then((status) => {
    throw new Error(`forkless server exited (${status}): ${process.stderr}`);
  });
  await Promise.race([process.waitForOutput(/listening on [^:]+:\d+/), exited]);
  exited.catch(() => {}); // later exits are the test's own kills
  const port = Number(/listening on [^:]+:(\d+)/.exec(process.stdout)![1]);
  const admin = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0 });
  admin.on('error', () => {});
  const id = String(await admin.call('CLUSTER', 'MYID'));
  return { process, port, id, admin };
}

/** Kills a node with SIGKILL and waits for the process to be gone. */
export async function killNode(node: NodeProcess): Promise<void> {
  node.admin.disconnect();
  node.process.child.kill('SIGKILL');
  await node.process.exited;
}

/** The owner id of each slot in `CLUSTER SLOTS` of a node. */
export async function slotOwners(node: NodeProcess): Promise<Map<number, string>> {
  const owners = new Map<number, string>();
  for (const [start, end, [, , id]] of (await node.admin.call('CLUSTER', 'SLOTS')) as [number, number, [string, number, string]][]) {
    for (let slot = start; slot <= end; slot++) owners.set(slot, id);
  }
  return owners;
}

/** The `CLUSTER GETSLOTMIGRATIONS` entries of a node as objects, oldest first. */
export async function slotMigrations(node: NodeProcess): Promise<Record<string, string | number>[]> {
  const reply = (await node.admin.call('CLUSTER', 'GETSLOTMIGRATIONS')) as (string | number)[][];
  return reply.map((flat) => Object.fromEntries(Array.from({ length: flat.length / 2 }, (_, index) => [flat[2 * index], flat[2 * index + 1]])));
}

/** Waits (bounded) until the node's latest job of `operation` has finished; returns it. */
export async function lastJob(node: NodeProcess, operation: 'EXPORT' | 'IMPORT'): Promise<Record<string, string | number>> {
  let job: Record<string, string | number> | undefined;
  const finished = new Set(['success', 'failed', 'cancelled']);
  const started = Date.now();
  for (;;) {
    job = (await slotMigrations(node)).filter((entry) => entry.operation === operation).at(-1);
    if (job !== undefined && finished.has(String(job.state))) return job;
    if (Date.now() - started > 20_000) throw new Error(`${operation.toLowerCase()} job not finished: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits (bounded) until the node's latest export job has finished; returns it. */
export function lastExport(node: NodeProcess): Promise<Record<string, string | number>> {
  return lastJob(node, 'EXPORT');
}

/** The value of a key as canonical text: type, contents (unordered types sorted), absolute expiry. */
async function readBack(run: (argv: string[]) => Promise<Reply>, key: string): Promise<string> {
  const type = String(await run(['TYPE', key]));
  const reads: Record<string, string[]> = {
    string: ['GET', key],
    list: ['LRANGE', key, '0', '-1'],
    set: ['SMEMBERS', key],
    hash: ['HGETALL', key],
    zset: ['ZRANGE', key, '0', '-1', 'WITHSCORES'],
  };
  let value = await run(reads[type]!);
  if (type === 'set') value = (value as string[]).sort();
  if (type === 'hash') value = pairs(value as string[]).sort();
  return JSON.stringify([key, type, value, await run(['PEXPIRETIME', key])]);
}

function pairs(flat: readonly string[]): string[] {
  return Array.from({ length: flat.length / 2 }, (_, index) => `${flat[2 * index]}=${flat[2 * index + 1]}`);
}

/**
 * The cluster converged on the model for `slots`: every live node reports the same owner for
 * each slot, the owner holds exactly the model's keys of the slot with the model's values (every
 * acknowledged write, once), no other live node has a key of it, and no import is in progress.
 */
export async function verifyAgainstModel(alive: readonly NodeProcess[], model: Keyspace, slots: readonly number[]): Promise<void> {
  const views = await Promise.all(alive.map(slotOwners));
  for (const slot of slots) for (const view of views) expect(view.get(slot), `owner of slot ${slot}`).toBe(views[0]!.get(slot));
  for (const node of alive) await noJobInProgress(node);
  const database = model.databases[0]!;
  for (const slot of slots) {
    const owner = alive.find((node) => node.id === views[0]!.get(slot))!;
    const expected = await Promise.all([...(database.slot(slot)?.keys() ?? [])].sort().map((key) => readBack(async (argv) => model.execute(argv), key)));
    const keys = ((await owner.admin.call('CLUSTER', 'GETKEYSINSLOT', String(slot), '100000')) as string[]).sort();
    const actual = await Promise.all(keys.map((key) => readBack((argv) => owner.admin.call(argv[0]!, ...argv.slice(1)) as Promise<Reply>, key)));
    expect(actual, `slot ${slot} on its owner :${owner.port}`).toEqual(expected);
    for (const node of alive) if (node !== owner) await noKeysIn(node, slot);
  }
}

/** Every migration job of the node has ended (waiting, bounded, for a target to drop its staging). */
async function noJobInProgress(node: NodeProcess): Promise<void> {
  const running = async () => (await slotMigrations(node)).filter((job) => !['success', 'failed', 'cancelled'].includes(String(job.state)));
  const started = Date.now();
  while ((await running()).length > 0 && Date.now() - started < 10_000) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(await running(), `jobs in progress on :${node.port}`).toEqual([]);
}

/** A non-owner has no key of the slot (waiting, bounded, for a source's background deletion). */
async function noKeysIn(node: NodeProcess, slot: number): Promise<void> {
  const count = () => node.admin.call('CLUSTER', 'COUNTKEYSINSLOT', String(slot)) as Promise<number>;
  const started = Date.now();
  while ((await count()) > 0 && Date.now() - started < 10_000) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(await count(), `slot ${slot} on non-owner :${node.port}`).toBe(0);
}

/** Waits (bounded) until every live node reports `id` as the owner of `slot`. */
export async function ownedEverywhere(alive: readonly NodeProcess[], slot: number, id: string): Promise<void> {
  let agreed = false;
  const check = async () => (agreed = (await Promise.all(alive.map(slotOwners))).every((view) => view.get(slot) === id));
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > 10_000) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(agreed, `every node names ${id} as the owner of slot ${slot}`).toBe(true);
}

export { waitFor };
