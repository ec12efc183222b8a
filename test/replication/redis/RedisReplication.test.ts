import { afterEach, describe, expect, it } from 'vitest';
import { Keyspace } from '../../../lib/keyspace/Keyspace.js';
import { RedisReplication } from '../../../lib/replication/redis/RedisReplication.js';
import { waitFor } from '../support/waitFor.js';
import { startRedisProcess } from './support/redisProcess.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const fieldsOf = (fields: [string, string | number][]) => new Map(fields.map(([field, value]) => [field, String(value)]));

describe('RedisReplication (what REPLICAOF, REPLCONF, PSYNC and INFO use)', () => {
  it('REPLICAOF host port follows a redis-server, REPLICAOF NO ONE keeps the data and accepts writes', async () => {
    const master = await startRedisProcess(['--repl-diskless-sync', 'yes', '--repl-diskless-sync-delay', '0']);
    cleanups.push(() => master.stop());
    await master.call(['SET', 'from-master', '1']);
    const keyspace = new Keyspace();
    const replication = new RedisReplication(keyspace, { replica: { log: () => {} }, leader: { log: () => {} } });
    cleanups.push(() => replication.close());
    expect(fieldsOf(replication.infoFields()).get('role')).toBe('master');
    expect(replication.replicaOf({ host: '127.0.0.1', port: master.port })).toBe('+OK');
    expect(replication.replicaOf({ host: '127.0.0.1', port: master.port })).toBe('+OK Already connected to specified master');
    await waitFor(() => replication.replica?.current.state === 'streaming', 'streaming', 30_000);
    await master.call(['SET', 'later', '2']);
    await waitFor(() => keyspace.execute(['GET', 'later']) === '2', 'the stream applied', 30_000);
    const info = fieldsOf(replication.infoFields());
    expect([info.get('role'), info.get('master_port'), info.get('master_link_status')]).toEqual(['slave', String(master.port), 'up']);
    expect(() => keyspace.execute(['SET', 'x', 'y'])).toThrow(/READONLY/);
    expect(replication.replicaOf(null)).toBe('+OK');
    expect(fieldsOf(replication.infoFields()).get('role')).toBe('master');
    expect(keyspace.execute(['GET', 'from-master'])).toBe('1');
    expect(keyspace.execute(['SET', 'x', 'y'])).toBe('OK');
  }, 60_000);
});
