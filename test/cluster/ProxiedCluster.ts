import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster } from 'ioredis';
import { expect } from 'vitest';
import { runForkless } from '../cli/support/forklessProcess.js';
import { LinkProxy } from './LinkProxy.js';
import { startNodeProcess, type NodeProcess } from './processCluster.js';

/**
 * Three `forkless server --cluster-enabled yes` processes A, B, C joined by `forkless cluster
 * create`, with a {@link LinkProxy} in front of B and of C (the cluster knows them at their
 * proxies, so every migration link to them goes through one), and an ioredis `Cluster` client.
 * {@link close} ends everything it started, also after a failed {@link start}.
 *
 * @example
 * ```ts
 * const cluster = new ProxiedCluster();
 * const { nodes: [a, b], proxies: [proxyB], client } = await cluster.start();
 * await cluster.close();
 * ```
 */
export class ProxiedCluster {
  readonly nodes: NodeProcess[] = [];
  readonly proxies: LinkProxy[] = [];
  private client: Cluster | undefined;
  private directory: string | undefined;

  /** Starts the nodes (each with `nodeArgs` on its command line), the proxies and the client. */
  async start(nodeArgs: readonly string[] = []): Promise<{ nodes: [NodeProcess, NodeProcess, NodeProcess]; proxies: [LinkProxy, LinkProxy]; client: Cluster }> {
    this.directory = await mkdtemp(join(tmpdir(), 'forkless-cluster-'));
    this.nodes.push(...(await Promise.all([0, 1, 2].map(() => startNodeProcess(this.directory!, nodeArgs)))));
    const [a, b, c] = this.nodes as [NodeProcess, NodeProcess, NodeProcess];
    this.proxies.push(await LinkProxy.start(b.port), await LinkProxy.start(c.port));
    const [proxyB, proxyC] = this.proxies as [LinkProxy, LinkProxy];
    const created = await runForkless(['cluster', 'create', `127.0.0.1:${a.port}`, `127.0.0.1:${proxyB.port}`, `127.0.0.1:${proxyC.port}`]);
    expect(created.status, created.stderr).toBe(0);
    // A node names itself at its own port, its peers name it at its proxy: one address per node for
    // the client, or it would drop one connection for the other with writes in flight and resend
    // them (ioredis retries a command whose connection closed: at-least-once, not what we check).
    const natMap = Object.fromEntries(this.proxies.map((proxy) => [`127.0.0.1:${proxy.targetPort}`, { host: '127.0.0.1', port: proxy.port }]));
    this.client = new Cluster([{ host: '127.0.0.1', port: a.port }], { maxRedirections: 64, natMap });
    this.client.on('error', () => {}); // connection errors to a killed node; commands report their own
    return { nodes: [a, b, c], proxies: [proxyB, proxyC], client: this.client };
  }

  /** Disconnects the client, SIGKILLs the nodes, closes the proxies and removes the directory. */
  async close(): Promise<void> {
    this.client?.disconnect();
    for (const node of this.nodes) {
      node.admin.disconnect();
      node.process.child.kill('SIGKILL');
    }
    await Promise.all([...this.nodes.map((node) => node.process.exited), ...this.proxies.map((proxy) => proxy.close())]);
    if (this.directory !== undefined) await rm(this.directory, { recursive: true, force: true });
  }
}
