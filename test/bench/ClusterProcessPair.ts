import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { lastValueFrom } from 'rxjs';
import { RespLink } from '../../lib/cluster/RespLink.js';
import type { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { saveSnapshot } from '../../lib/snapshot/saveSnapshot.js';
import type { ForklessProcess } from '../cli/support/forklessProcess.js';
import { startForklessServer } from './forklessServerProcess.js';

/** One `forkless server --cluster-enabled yes` process and an admin link to it. */
interface Node {
  readonly process: ForklessProcess;
  readonly port: number;
  readonly id: string;
  readonly admin: RespLink;
}

async function startNode(directory: string, dbfilename: string): Promise<Node> {
  const { process, port } = await startForklessServer(['--port', '0', '--dir', directory, '--dbfilename', dbfilename, '--save', '', '--cluster-enabled', 'yes']);
  const admin = await RespLink.connect({ host: '127.0.0.1', port });
  return { process, port, id: String(await admin.request(['CLUSTER', 'MYID'])), admin };
}

/**
 * Two real `forkless server --cluster-enabled yes` processes for the cluster bench: the source
 * starts from a snapshot of `keyspace` and owns every slot, the target starts empty; they know
 * each other (`CLUSTER MEET`). `migrate` runs `CLUSTER MIGRATESLOTS` and polls
 * `CLUSTER GETSLOTMIGRATIONS` (every 2 ms) until the job ends.
 *
 * @example
 * ```ts
 * const pair = await ClusterProcessPair.start(keyspace);
 * const ms = await pair.migrate(pair.source, pair.target, 0, 8191);
 * await pair.stop();
 * ```
 */
export class ClusterProcessPair {
  private constructor(
    private readonly directory: string,
    readonly source: Node,
    readonly target: Node,
  ) {}

  static async start(keyspace: Keyspace): Promise<ClusterProcessPair> {
    const directory = await mkdtemp(join(tmpdir(), 'forkless-bench-cluster-'));
    await lastValueFrom(saveSnapshot(keyspace, join(directory, 'source.fkl')));
    const [source, target] = await Promise.all([startNode(directory, 'source.fkl'), startNode(directory, 'target.fkl')]);
    await source.admin.request(['CLUSTER', 'ADDSLOTSRANGE', '0', '16383']);
    await source.admin.request(['CLUSTER', 'MEET', '127.0.0.1', String(target.port)]);
    const pair = new ClusterProcessPair(directory, source, target);
    await pair.until(async () => /cluster_known_nodes:2\r\n/.test(String(await source.admin.request(['CLUSTER', 'INFO']))), 'the nodes to meet');
    return pair;
  }

  /**
   * Moves slots `start`..`end` from one node to the other; once the job succeeded, resolves with
   * the elapsed ms and the handoff pause the source logged (its `slot migration … handoff pause`).
   */
  async migrate(from: Node, to: Node, start: number, end: number): Promise<{ ms: number; pauseMs: number }> {
    const started = performance.now();
    await from.admin.request(['CLUSTER', 'MIGRATESLOTS', 'SLOTSRANGE', String(start), String(end), 'NODE', to.id]);
    let job: Map<string, unknown> | undefined;
    await this.until(async () => {
      const jobs = (await from.admin.request(['CLUSTER', 'GETSLOTMIGRATIONS'])) as unknown[][];
      const flat = jobs.at(-1)!;
      job = new Map(Array.from({ length: flat.length / 2 }, (_, index) => [String(flat[2 * index]), flat[2 * index + 1]]));
      return ['success', 'failed', 'cancelled'].includes(String(job.get('state')));
    }, 'the migration to end');
    const ms = performance.now() - started;
    if (job!.get('state') !== 'success') throw new Error(`migration ${String(job!.get('state'))}: ${String(job!.get('message'))}`);
    const logged = new RegExp(`slot migration ${String(job!.get('name'))} export .*handoff pause ([\\d.]+) ms`);
    await from.process.waitForOutput(logged);
    return { ms, pauseMs: Number(logged.exec(from.process.stdout)![1]) };
  }

  /** Resolves once `node` holds `count` keys (the source's background deletion is over). */
  async keysOn(node: Node, count: number): Promise<void> {
    await this.until(async () => (await node.admin.request(['DBSIZE'])) === count, `${count} keys on :${node.port}`);
  }

  async stop(): Promise<void> {
    for (const node of [this.source, this.target]) {
      node.admin.close();
      node.process.child.kill('SIGKILL');
    }
    await Promise.all([this.source.process.exited, this.target.process.exited]);
    await rm(this.directory, { recursive: true, force: true });
  }

  /** Polls `condition` every 2 ms (bounded: 10 minutes). */
  private async until(condition: () => Promise<boolean>, what: string): Promise<void> {
    const limit = performance.now() + 600_000;
    while (!(await condition())) {
      if (performance.now() > limit) throw new Error(`cluster bench: timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
}
