import { describe, expect, it } from 'vitest';
import { clusterCreateCommand } from '../../../lib/cli/commands/clusterCreate.js';
import { UsageError } from '../../../lib/cli/UsageError.js';
import type { LinkConnector } from '../../../lib/cluster/MigrationLink.js';
import { ClusterConnectionEndpoint } from '../../../lib/cluster/ClusterConnectionEndpoint.js';
import { ClusterNode } from '../../../lib/cluster/ClusterNode.js';
import { clusterSlotsReply } from '../../../lib/cluster/clusterReplies.js';
import { InProcessLink } from '../../../lib/cluster/InProcessLink.js';
import { Keyspace } from '../../../lib/keyspace/Keyspace.js';

function freshNodes(count: number): { nodes: ClusterNode[]; connect: LinkConnector } {
  const nodes: ClusterNode[] = [];
  const connect: LinkConnector = async (peer) => new InProcessLink(new ClusterConnectionEndpoint(nodes.find((node) => node.topology.myself.port === peer.port)!));
  for (let index = 0; index < count; index++) nodes.push(new ClusterNode({ keyspace: new Keyspace(), host: '127.0.0.1', port: 7000 + index, connect }));
  return { nodes, connect };
}

const signal = new AbortController().signal;

function clusterCli(args: string[], output: { stdout: { write(text: string): unknown }; stderr: { write(text: string): unknown } }, connect: LinkConnector): Promise<number> {
  return clusterCreateCommand(connect).run({ positionals: args.slice(1), options: {} }, { ...output, signal });
}

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, output: { stdout: { write: (text: string) => (out.stdout += text) }, stderr: { write: (text: string) => (out.stderr += text) } } };
}

describe('forkless cluster create', () => {
  it('splits the slots evenly as redis-cli --cluster create and every node agrees', async () => {
    const { nodes, connect } = freshNodes(3);
    const { out, output } = capture();
    expect(await clusterCli(['create', '127.0.0.1:7000', '127.0.0.1:7001', '127.0.0.1:7002'], output, connect)).toBe(0);
    expect(out.stdout).toContain('slots:[0-5460] (5461 slots) master');
    expect(out.stdout).toContain('slots:[5461-10922] (5462 slots) master');
    expect(out.stdout).toContain('slots:[10923-16383] (5461 slots) master');
    const slots = nodes.map((node) => JSON.stringify(clusterSlotsReply(node.topology).reply));
    expect(new Set(slots).size).toBe(1);
    expect(nodes.map((node) => node.topology.myself.configEpoch)).toEqual([1, 2, 3]);
  });

  it('refuses nodes that already serve slots, and bad arguments', async () => {
    const { connect } = freshNodes(2);
    await clusterCli(['create', '127.0.0.1:7000', '127.0.0.1:7001'], capture().output, connect);
    const { out, output } = capture();
    expect(await clusterCli(['create', '127.0.0.1:7000'], output, connect)).toBe(1);
    expect(out.stderr).toMatch(/is not empty/);
    await expect(clusterCli(['create', 'nonsense'], capture().output, connect)).rejects.toBeInstanceOf(UsageError);
  });
});
