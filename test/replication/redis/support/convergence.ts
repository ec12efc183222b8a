import type { Keyspace } from '../../../../lib/keyspace/Keyspace.js';
import { captureKeyspace, fromResp, type Comparable } from '../../../support/replyComparison.js';
import { RespClient } from '../../../support/RespClient.js';
import { dumpDatabases, dumpDifferences, type KeyDump } from '../../../support/stateDump.js';

const ALL_DATABASES = Array.from({ length: 16 }, (_, db) => db);

/** Every key of every database of a Redis on `port`: type, value, PEXPIRETIME; plus DBSIZE per db. */
export async function redisState(port: number): Promise<{ keys: KeyDump[][]; sizes: number[] }> {
  const client = await RespClient.connect(port);
  try {
    const call = async (argv: string[], db: number): Promise<Comparable> => {
      await client.call(['SELECT', String(db)]);
      return fromResp(await client.call(argv.map((argument) => Buffer.from(argument, 'latin1'))));
    };
    const keys = await dumpDatabases(call, ALL_DATABASES);
    const sizes: number[] = [];
    for (const db of ALL_DATABASES) sizes.push((await call(['DBSIZE'], db)) as number);
    return { keys, sizes };
  } finally {
    client.close();
  }
}

/** The same for a keyspace. */
export async function keyspaceState(keyspace: Keyspace): Promise<{ keys: KeyDump[][]; sizes: number[] }> {
  const call = async (argv: string[], db: number): Promise<Comparable> =>
    captureKeyspace(() =>
      keyspace.execute(
        argv.map((argument) => Buffer.from(argument, 'latin1')),
        { db, encoding: 'binary' },
      ),
    );
  return { keys: await dumpDatabases(call, ALL_DATABASES), sizes: ALL_DATABASES.map((db) => keyspace.dbsize(db)) };
}

/** Differences between two states: every key (TTL within 2 s) and DBSIZE of every database. */
export function stateDifferences(expected: { keys: KeyDump[][]; sizes: number[] }, actual: { keys: KeyDump[][]; sizes: number[] }): string[] {
  const differences = dumpDifferences(expected.keys, actual.keys);
  expected.sizes.forEach((size, db) => {
    if (actual.sizes[db] !== size) differences.push(`db ${db}: DBSIZE ${size} != ${actual.sizes[db]}`);
  });
  return differences;
}

/** One side of a replication pair as a convergence check sees it. */
export interface Side {
  offset(): number | Promise<number>;
  state(): Promise<{ keys: KeyDump[][]; sizes: number[] }>;
}

/**
 * Waits until the replica's offset equals the leader's, then compares every key and DBSIZE; when
 * the leader wrote meanwhile (active expiry, a PING), tries again. Resolves with the differences
 * of a comparison taken while the leader stood still (empty = converged).
 */
export async function convergence(leader: Side, replica: Side, limitMs = 60_000): Promise<string[]> {
  const started = Date.now();
  for (;;) {
    const target = await leader.offset();
    if ((await replica.offset()) === target) {
      const differences = stateDifferences(await leader.state(), await replica.state());
      if ((await leader.offset()) === target && (await replica.offset()) === target) return differences;
    }
    if (Date.now() - started > limitMs) throw new Error(`no convergence within ${limitMs} ms (leader ${target}, replica ${await replica.offset()})`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
