import { describe, expect, it } from 'vitest';
import { clusterCommand, type ClusterConnection } from '../../lib/cluster/clusterCommand.js';
import { ClusterNode } from '../../lib/cluster/ClusterNode.js';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

function node(): { node: ClusterNode; run: (...args: string[]) => unknown; connection: ClusterConnection } {
  const keyspace = new Keyspace({ clock: () => 1_700_000_000_000 });
  const result = new ClusterNode({ keyspace, host: '127.0.0.1', port: 7000, id: A, connect: () => Promise.reject(new Error('no peers in this test')) });
  const connection: ClusterConnection = { db: 0, link: null, readonly: false };
  const run = (...args: string[]) => {
    try {
      return clusterCommand(result, args, connection);
    } catch (error) {
      return (error as Error).message;
    }
  };
  return { node: result, run, connection };
}

describe('CLUSTER subcommands (Redis 7.0 replies and errors)', () => {
  it('ADDSLOTS / ADDSLOTSRANGE / DELSLOTS and their errors', () => {
    const { run } = node();
    expect(run('ADDSLOTSRANGE', '0', '100')).toEqual({ reply: 'OK', shape: 'status' });
    expect(run('ADDSLOTS', '200')).toEqual({ reply: 'OK', shape: 'status' });
    expect(run('ADDSLOTS', '5')).toBe('ERR Slot 5 is already busy');
    expect(run('ADDSLOTS', '16384')).toBe('ERR Invalid or out of range slot');
    expect(run('ADDSLOTS', '300', '300')).toBe('ERR Slot 300 specified multiple times');
    expect(run('ADDSLOTSRANGE', '5', '3')).toBe('ERR start slot number 5 is greater than end slot number 3');
    expect(run('DELSLOTS', '7000')).toBe('ERR Slot 7000 is already unassigned');
    expect(run('DELSLOTS', '200')).toEqual({ reply: 'OK', shape: 'status' });
    expect(run('FOO')).toBe("ERR unknown subcommand 'FOO'. Try CLUSTER HELP.");
    expect(run('KEYSLOT')).toBe("ERR wrong number of arguments for 'cluster|keyslot' command");
  });

  it('FLUSHSLOTS needs an empty database; HELP lists every subcommand it answers; gossip ones are refused by name', () => {
    const { node: self, run } = node();
    run('ADDSLOTSRANGE', '0', '16383');
    self.keyspace.execute(['SET', 'k', 'v']);
    expect(run('FLUSHSLOTS')).toBe('ERR DB must be empty to perform CLUSTER FLUSHSLOTS.');
    expect(self.topology.assignedCount()).toBe(16384);
    self.keyspace.execute(['DEL', 'k']);
    expect(run('FLUSHSLOTS')).toEqual({ reply: 'OK', shape: 'status' });
    expect(self.topology.assignedCount()).toBe(0);
    const help = (run('HELP') as { reply: string[] }).reply;
    const listed = help.filter((line) => /^[A-Z]/.test(line) && !line.startsWith('CLUSTER ')).map((line) => line.split(' ')[0]!.toLowerCase());
    for (const name of listed.filter((name) => name !== 'help')) {
      const answer = run(name); // an arity error at worst
      expect(typeof answer === 'string' ? answer : 'answered', name).not.toMatch(/unknown subcommand|not supported/);
    }
    expect(listed).toContain('migrateslots');
    expect(run('SETSLOT', '5', 'STABLE')).toBe('ERR CLUSTER SETSLOT is not supported: slots move with CLUSTER MIGRATESLOTS, atomically, without IMPORTING/MIGRATING states');
    expect(run('FAILOVER')).toBe('ERR CLUSTER FAILOVER is not supported: a forkless cluster has no gossip bus, replicas or nodes.conf');
  });

  it('SLOTS, SHARDS, NODES, INFO, MYID in Redis 7.0 shapes', () => {
    const { node: self, run } = node();
    run('ADDSLOTSRANGE', '0', '100');
    run('ADDSLOTS', '200');
    self.mergeTopology({
      currentEpoch: 1,
      nodes: [
        {
          id: B,
          host: '127.0.0.1',
          port: 7001,
          configEpoch: 1,
          slots: [
            [101, 199],
            [201, 16383],
          ],
        },
      ],
    });
    expect(run('MYID')).toEqual({ reply: A, shape: 'bulk' });
    expect(run('SLOTS')).toEqual({
      reply: [
        [0, 100, ['127.0.0.1', 7000, A, []]],
        [101, 199, ['127.0.0.1', 7001, B, []]],
        [200, 200, ['127.0.0.1', 7000, A, []]],
        [201, 16383, ['127.0.0.1', 7001, B, []]],
      ],
      shape: 'array',
    });
    expect(run('SHARDS')).toEqual({
      reply: [
        [
          'slots',
          [0, 100, 200, 200],
          'nodes',
          [['id', A, 'port', 7000, 'ip', '127.0.0.1', 'endpoint', '127.0.0.1', 'role', 'master', 'replication-offset', 0, 'health', 'online']],
        ],
        [
          'slots',
          [101, 199, 201, 16383],
          'nodes',
          [['id', B, 'port', 7001, 'ip', '127.0.0.1', 'endpoint', '127.0.0.1', 'role', 'master', 'replication-offset', 0, 'health', 'online']],
        ],
      ],
      shape: 'array',
    });
    expect((run('NODES') as { reply: string }).reply).toBe(
      `${A} 127.0.0.1:7000@17000 myself,master - 0 0 0 connected 0-100 200\n${B} 127.0.0.1:7001@17001 master - 0 1700000000000 1 connected 101-199 201-16383\n`,
    );
    const info = (run('INFO') as { reply: string }).reply;
    expect(info).toMatch(/^cluster_state:ok\r\ncluster_slots_assigned:16384\r\ncluster_slots_ok:16384\r\n/);
    expect(info).toContain('cluster_known_nodes:2\r\ncluster_size:2\r\ncluster_current_epoch:1\r\ncluster_my_epoch:0\r\n');
  });

  it('KEYSLOT, COUNTKEYSINSLOT, GETKEYSINSLOT; staged (hidden) slots count as empty', () => {
    const { node: self, run, connection } = node();
    for (const key of ['{user1000}.following', '{user1000}.followers', 'hello']) self.keyspace.execute(['SET', key, '1']);
    expect(run('KEYSLOT', 'foo{}{bar}')).toEqual({ reply: 8363, shape: 'bulk' });
    expect(run('COUNTKEYSINSLOT', '3443')).toEqual({ reply: 2, shape: 'bulk' });
    expect(run('GETKEYSINSLOT', '3443', '1')).toEqual({ reply: ['{user1000}.following'], shape: 'array' });
    expect(run('COUNTKEYSINSLOT', '16384')).toBe('ERR Invalid slot');
    expect(run('GETKEYSINSLOT', '0', '-1')).toBe('ERR Invalid slot or number of keys');
    self.keyspace.databases[0]!.hideSlots(3443, 3443);
    expect(run('COUNTKEYSINSLOT', '3443')).toEqual({ reply: 0, shape: 'bulk' });
    connection.db = 1;
    expect(run('COUNTKEYSINSLOT', '866')).toEqual({ reply: 0, shape: 'bulk' });
  });

  it('MIGRATESLOTS validation, GETSLOTMIGRATIONS and CANCELSLOTMIGRATIONS in Valkey 9.0 terms', () => {
    const { node: self, run } = node();
    run('ADDSLOTSRANGE', '0', '100');
    self.mergeTopology({ currentEpoch: 1, nodes: [{ id: B, host: '127.0.0.1', port: 7001, configEpoch: 1, slots: [[101, 16383]] }] });
    expect(run('CANCELSLOTMIGRATIONS')).toBe('ERR No migrations ongoing');
    expect(run('MIGRATESLOTS', 'SLOTSRANGE', '0', '200', 'NODE', B)).toBe("ERR I'm not the owner of hash slot 101");
    expect(run('MIGRATESLOTS', 'SLOTSRANGE', '0', '10', 'NODE', A)).toBe("ERR Can't migrate slots to myself");
    expect(run('MIGRATESLOTS', 'SLOTSRANGE', '0', '10', 'NODE', 'c'.repeat(40))).toBe(`ERR Unknown node ${'c'.repeat(40)}`);
    expect(run('MIGRATESLOTS', 'SLOTSRANGE', '0', '10', '5', '20', 'NODE', B)).toBe('ERR Slot range 5-20 overlaps with previous range 0-10.');
    expect(run('MIGRATESLOTS', 'SLOTSRANGE', '0', '10', 'NODE', B)).toEqual({ reply: 'OK', shape: 'status' });
    const [entry] = (run('GETSLOTMIGRATIONS') as { reply: unknown[][] }).reply;
    expect(entry!.filter((_, index) => index % 2 === 0)).toEqual([
      'name',
      'operation',
      'slot_ranges',
      'target_node',
      'source_node',
      'create_time',
      'last_update_time',
      'last_ack_time',
      'state',
      'message',
      'cow_size',
    ]);
    expect(entry!.slice(2, 10)).toEqual(['operation', 'EXPORT', 'slot_ranges', '0-10', 'target_node', B, 'source_node', A]);
    expect(run('CANCELSLOTMIGRATIONS')).toEqual({ reply: 'OK', shape: 'status' });
    expect((run('GETSLOTMIGRATIONS') as { reply: unknown[][] }).reply[0]!.slice(16, 20)).toEqual(['state', 'cancelled', 'message', 'Cancelled by CLUSTER CANCELSLOTMIGRATIONS']);
  });
});

describe('ClusterNode options', () => {
  it('rejects bad values naming option, value and range', () => {
    const base = { keyspace: new Keyspace(), host: '127.0.0.1', port: 7000, connect: () => Promise.reject(new Error('x')) };
    expect(() => new ClusterNode({ ...base, id: 'xyz' })).toThrowError(
      expect.objectContaining({ code: 'FORKLESS_ERR_INVALID_OPTION', message: 'ClusterNode: id must be 40 lower-case hex characters, got "xyz"' }),
    );
    expect(() => new ClusterNode({ ...base, chunkSize: 0 })).toThrowError(/chunkSize must be an integer ≥ 1, got 0/);
    expect(() => new ClusterNode({ ...base, port: 70000 })).toThrowError(/port must be an integer from 0 to 65535/);
    expect(new ClusterNode(base).options.pauseTimeoutMs).toBe(2000);
  });
});
