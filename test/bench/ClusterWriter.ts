import { performance } from 'node:perf_hooks';
import type { ClusterNode } from '../../lib/cluster/ClusterNode.js';
import { commandTable } from '../../lib/keyspace/commands/index.js';
import { keyHashSlot } from '../../lib/keyspace/keyHashSlot.js';
import type { RandomSource } from './benchData.js';
import { WriteTally, type KeyGroup, type WriterFigures } from './WriteTally.js';

const SET = commandTable.get('set')!;

/**
 * A cluster client offering `rate` SETs per second, half to `migrating` keys and half to `other`
 * keys, following MOVED and waiting out paused slots as ioredis would (a paused write completes
 * when the slot resumes). Latency counts from issuing the write, so it shows what the migration
 * costs a command, not how late a busy event loop issued it.
 *
 * @example
 * ```ts
 * const writer = new ClusterWriter(nodes, migratingKeys, otherKeys, 20_000, random);
 * const { migrating, other, perSecond } = await writer.stop();
 * ```
 */
export class ClusterWriter {
  private readonly tally = new WriteTally();
  private readonly owners = new Map<number, ClusterNode>();
  private readonly timer: NodeJS.Timeout;
  private sent = 0;
  private pending = 0;

  constructor(
    private readonly nodes: readonly ClusterNode[],
    private readonly migrating: readonly string[],
    private readonly other: readonly string[],
    private readonly rate: number,
    private readonly random: RandomSource,
  ) {
    this.timer = setInterval(() => this.runDue(), 1);
  }

  /** Stops offering writes, waits for paused ones, returns the figures. */
  async stop(): Promise<WriterFigures> {
    clearInterval(this.timer);
    this.tally.stop();
    while (this.pending > 0) await new Promise((resolve) => setTimeout(resolve, 1));
    return this.tally.figures();
  }

  private runDue(): void {
    for (const due = this.tally.due(this.rate); this.sent < due; this.sent++) {
      const group: KeyGroup = (this.sent & 1) === 0 ? 'migrating' : 'other';
      const keys = this[group];
      this.write(keys[(this.random() * keys.length) | 0]!, group, performance.now());
    }
  }

  private write(key: string, group: KeyGroup, issuedAt: number): void {
    const slot = keyHashSlot(key);
    const argv = ['SET', key, 'v'];
    for (let attempt = 0; attempt < 16; attempt++) {
      const node = this.owners.get(slot) ?? this.nodes[0]!;
      const route = node.route([{ specification: SET, argv }]);
      if (route.kind === 'local') {
        node.keyspace.execute(argv);
        this.tally.record(group, issuedAt);
        return;
      }
      if (route.kind === 'wait') {
        this.pending++;
        void route.until.then(() => {
          this.pending--;
          this.write(key, group, issuedAt);
        });
        return;
      }
      const port = Number(/:(\d+)$/.exec(route.message)![1]);
      this.owners.set(
        slot,
        this.nodes.find((candidate) => candidate.topology.myself.port === port)!,
      );
    }
    throw new Error(`too many redirections for ${key}`);
  }
}
