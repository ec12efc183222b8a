import { Cluster, Redis } from 'ioredis';
import { lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { ClusterNode } from '../../lib/cluster/ClusterNode.js';
import { clusterServerExtension } from '../../lib/cluster/clusterServerExtension.js';
import { clusterCreate } from '../../lib/cli/commands/clusterCreate.js';
import { keyHashSlot } from '../../lib/keyspace/keyHashSlot.js';
import { peekKey } from '../../lib/server/peekKey.js';
import type { Server } from '../../lib/server/Server.js';
import { startServer } from '../../lib/server/startServer.js';
import { closedAfterEach } from '../server/support/serverFixtures.js';
import { waitFor } from '../replication/support/waitFor.js';

const PASSWORD = 's3cret';
const { servers, clients } = closedAfterEach();

/** Three password-protected cluster nodes; node i sends `masterauth[i]` on its links ('' = none). */
async function startProtectedCluster(masterauth: readonly string[]): Promise<Server[]> {
  for (const password of masterauth) {
    const config = { 'cluster-enabled': 'yes', ...(password === '' ? {} : { masterauth: password }) };
    servers.push(await startServer({ port: 0, save: '', requirepass: PASSWORD, config, extension: clusterServerExtension }));
  }
  const addresses = servers.map((server) => `127.0.0.1:${server.port}`);
  // `forkless cluster create --pass` (the command, over real RESP links).
  const output = { write: () => true };
  const status = await clusterCreate.run({ positionals: addresses, options: { pass: PASSWORD } }, { stdout: output, stderr: output, signal: new AbortController().signal });
  expect(status).toBe(0);
  return servers;
}

const nodeOf = (server: Server): ClusterNode => (server.extension as unknown as { node: ClusterNode }).node;

function admin(server: Server): Redis {
  const client = new Redis({ port: server.port, host: '127.0.0.1', password: PASSWORD, lazyConnect: true });
  clients.push(client);
  return client;
}

/** `CLUSTER GETSLOTMIGRATIONS` entries as objects. */
async function migrations(server: Server): Promise<Record<string, string | number>[]> {
  const reply = (await admin(server).call('CLUSTER', 'GETSLOTMIGRATIONS')) as (string | number)[][];
  return reply.map((flat) => Object.fromEntries(Array.from({ length: flat.length / 2 }, (_, index) => [flat[2 * index], flat[2 * index + 1]])));
}

/** Keys whose slots lie in node 0's first 100 slots. */
function lowKeys(count: number): string[] {
  const keys: string[] = [];
  for (let index = 0; keys.length < count; index++) if (keyHashSlot(`a:${index}`) < 100) keys.push(`a:${index}`);
  return keys;
}

describe('slot migration links authenticate with masterauth (requirepass on the target)', () => {
  it('moves slots between password-protected nodes; topology pushes and every node agree', async () => {
    await startProtectedCluster([PASSWORD, PASSWORD, PASSWORD]);
    const client = new Cluster([{ host: '127.0.0.1', port: servers[0]!.port }], { redisOptions: { password: PASSWORD }, maxRedirections: 64 });
    clients.push(client);
    const keys = lowKeys(50);
    for (const key of keys) await client.set(key, key);
    expect(await admin(servers[0]!).call('CLUSTER', 'MIGRATESLOTS', 'SLOTSRANGE', '0', '99', 'NODE', nodeOf(servers[1]!).id)).toBe('OK');
    await waitFor(() => nodeOf(servers[0]!).jobs.at(-1)!.finished, 'the migration to finish');
    expect(nodeOf(servers[0]!).jobs.at(-1)!.state).toBe('success');
    // The source's topology push (an authenticated link too) reaches the third node.
    await waitFor(() => nodeOf(servers[2]!).topology.ownerOf(0)?.id === nodeOf(servers[1]!).id, 'node 2 to learn the new owner');
    await waitFor(() => keys.every((key) => peekKey(servers[0]!.keyspace, 0, key) === undefined), 'the source to delete the moved keys');
    for (const key of keys) expect(peekKey(servers[1]!.keyspace, 0, key)).toBeDefined();
    for (const key of keys) expect(await client.get(key)).toBe(key);
  });

  it('a wrong masterauth fails the job (GETSLOTMIGRATIONS and a FORKLESS_ERR_UNAUTHORIZED error); the source keeps its slots and serves', async () => {
    await startProtectedCluster(['wrong', PASSWORD, '']);
    const [source, target] = [nodeOf(servers[0]!), nodeOf(servers[1]!)];
    const keys = lowKeys(20);
    for (const key of keys) await admin(servers[0]!).set(key, key);
    await expect(lastValueFrom(source.migrate([[0, 99]], target.id))).rejects.toMatchObject({
      code: 'FORKLESS_ERR_UNAUTHORIZED',
      message: 'Failed to AUTH to target node: WRONGPASS invalid username-password pair or user is disabled.',
      details: { state: 'failed' },
    });
    const [job] = await migrations(servers[0]!);
    expect(job).toMatchObject({ operation: 'EXPORT', state: 'failed', message: 'Failed to AUTH to target node: WRONGPASS invalid username-password pair or user is disabled.' });
    expect(await migrations(servers[1]!)).toEqual([]);
    expect(source.topology.ownerOf(0)?.id).toBe(source.id);
    expect(target.topology.ownerOf(0)?.id).toBe(source.id);
    const direct = admin(servers[0]!);
    for (const key of keys) expect(await direct.get(key)).toBe(key);
    expect(await direct.set(keys[0]!, 'after')).toBe('OK');
    // The same request from a node with the right masterauth goes through.
    expect(await admin(servers[1]!).call('CLUSTER', 'MIGRATESLOTS', 'SLOTSRANGE', '6000', '6099', 'NODE', source.id)).toBe('OK');
    await waitFor(() => target.jobs.at(-1)!.finished, 'the migration back to finish');
    expect(target.jobs.at(-1)!.state).toBe('success');
  });

  it('no masterauth against requirepass: the handshake is refused with NOAUTH, typed FORKLESS_ERR_UNAUTHORIZED', async () => {
    await startProtectedCluster([PASSWORD, PASSWORD, '']);
    const [target, source] = [nodeOf(servers[0]!), nodeOf(servers[2]!)];
    const job = source.startExport([[16000, 16099]], target.id);
    await waitFor(() => job.finished, 'the job to fail');
    expect(job.state).toBe('failed');
    expect(job.message).toBe('Received error during handshake to target: NOAUTH Authentication required.');
    expect(job.error).toMatchObject({ code: 'FORKLESS_ERR_UNAUTHORIZED' });
    expect(source.topology.ownerOf(16000)?.id).toBe(source.id);
    expect(await migrations(servers[0]!)).toEqual([]);
  });
});
