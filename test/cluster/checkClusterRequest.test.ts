import { describe, expect, it } from 'vitest';
import { checkClusterRequest } from '../../lib/cluster/checkClusterRequest.js';
import { clusterCommand, type ClusterConnection } from '../../lib/cluster/clusterCommand.js';
import { ClusterNode } from '../../lib/cluster/ClusterNode.js';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { range } from './clusterHarness.js';

function setup() {
  const node = new ClusterNode({ keyspace: new Keyspace(), host: '127.0.0.1', port: 7000, connect: () => Promise.reject(new Error('none')) });
  node.topology.assign(range(0, 8191), node.id);
  node.mergeTopology({ currentEpoch: 1, nodes: [{ id: 'b'.repeat(40), host: '127.0.0.1', port: 7001, configEpoch: 1, slots: [[8192, 16383]] }] });
  const connection: ClusterConnection = { db: 0, link: null, readonly: false };
  return { node, connection };
}

describe('checkClusterRequest: the server-side decision per request', () => {
  it('runs local and keyless commands, redirects the rest, checks a command being queued for MOVED only', () => {
    const { node, connection } = setup();
    expect(checkClusterRequest(node, connection, ['SET', 'bar', '1'], null)).toEqual({ kind: 'run' });
    expect(checkClusterRequest(node, connection, ['SET', 'foo', '1'], null)).toEqual({ kind: 'error', message: 'MOVED 12182 127.0.0.1:7001' });
    expect(checkClusterRequest(node, connection, ['PING'], null)).toEqual({ kind: 'run' });
    expect(checkClusterRequest(node, connection, ['WATCH', 'foo'], null)).toEqual({ kind: 'error', message: 'MOVED 12182 127.0.0.1:7001' });
    expect(checkClusterRequest(node, connection, ['SET', 'foo', '1'], [])).toEqual({ kind: 'error', message: 'MOVED 12182 127.0.0.1:7001' });
  });

  it('EXEC routes the whole queue: CROSSSLOT across queued commands, a paused slot holds EXEC', () => {
    const { node, connection } = setup();
    expect(
      checkClusterRequest(
        node,
        connection,
        ['EXEC'],
        [
          ['SET', 'bar', '1'],
          ['INCR', 'b'],
        ],
      ),
    ).toEqual({ kind: 'error', message: "CROSSSLOT Keys in request don't hash to the same slot" });
    expect(
      checkClusterRequest(
        node,
        connection,
        ['EXEC'],
        [
          ['SET', 'bar', '1'],
          ['GET', 'bar'],
        ],
      ),
    ).toEqual({ kind: 'run' });
    node.pauses.pause([[5061, 5061]]);
    expect(checkClusterRequest(node, connection, ['SET', 'bar', '1'], [])).toEqual({ kind: 'run' }); // queued; EXEC waits
    expect(checkClusterRequest(node, connection, ['EXEC'], [['SET', 'bar', '1']]).kind).toBe('wait');
    expect(checkClusterRequest(node, connection, ['SET', 'bar', '1'], null).kind).toBe('wait');
    node.pauses.resume([[5061, 5061]]);
    expect(checkClusterRequest(node, connection, ['SET', 'bar', '1'], null)).toEqual({ kind: 'run' });
  });

  it('a migration link connection applies its commands to the import (slots it does not own yet)', () => {
    const { node, connection } = setup();
    clusterCommand(node, ['SYNCSLOTS', 'ESTABLISH', 'SOURCE', 'b'.repeat(40), 'NAME', 'c'.repeat(40), 'SLOTSRANGE', '12182', '12182'], connection);
    expect(checkClusterRequest(node, connection, ['SET', 'foo', '1'], null)).toEqual({ kind: 'reply', reply: 'OK' });
    expect(node.keyspace.execute(['GET', 'foo'])).toBe('1');
    expect(node.keyspace.dbsize()).toBe(0); // staged out of sight
    expect(() => checkClusterRequest(node, connection, ['SET', 'bar', '1'], null)).toThrow(/outside the importing slots/);
  });
});
