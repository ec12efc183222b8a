import { performance } from 'node:perf_hooks';
import { RespLink } from '../../lib/cluster/RespLink.js';
import { keyHashSlot } from '../../lib/keyspace/keyHashSlot.js';
import { ReplyError } from '../../lib/keyspace/ReplyError.js';
import { WriteTally, type KeyGroup, type WriterFigures } from './WriteTally.js';

/** The pipelined connections of one group of keys (one per node port, opened on first use) and its slot map. */
class GroupLinks {
  private readonly links = new Map<number, Promise<RespLink>>();
  private refreshing = false;
  /** Node port of each slot (as `CLUSTER SLOTS` last said, or a MOVED since); else the first node. */
  readonly owners = new Map<number, number>();

  constructor(readonly firstPort: number) {}

  /** After a MOVED: the slot now, then the whole map from `CLUSTER SLOTS` of that node (as ioredis refreshes it). */
  moved(slot: number, port: number): void {
    this.owners.set(slot, port);
    if (this.refreshing) return;
    this.refreshing = true;
    void this.link(port)
      .then((link) => link.request(['CLUSTER', 'SLOTS']))
      .then((reply) => {
        for (const [start, end, [, owner]] of reply as [number, number, [string, number]][]) for (let at = start; at <= end; at++) this.owners.set(at, owner);
      })
      .catch(() => {})
      .finally(() => (this.refreshing = false));
  }

  link(port: number): Promise<RespLink> {
    let link = this.links.get(port);
    if (link === undefined) this.links.set(port, (link = RespLink.connect({ host: '127.0.0.1', port })));
    return link;
  }

  async close(): Promise<void> {
    for (const link of this.links.values()) (await link).close();
  }
}

/**
 * A cluster client over RESP offering `rate` SETs per second to `forkless server` processes,
 * half to `migrating` keys and half to `other` keys, each half on its own connections (two
 * applications: a write held by a paused slot does not queue the other group's writes behind it
 * on one socket). It follows `-MOVED` as a cluster client does; a write held during a handoff
 * completes when the slot resumes. Latency counts from issuing the write to its final reply.
 *
 * @example
 * ```ts
 * const writer = await RespClusterWriter.start({ migrating: targetPort, other: sourcePort }, { migrating: pickMigrating, other: pickOther }, 20_000);
 * const { migrating, other, perSecond } = await writer.stop();
 * ```
 */
export class RespClusterWriter {
  private readonly tally = new WriteTally();
  private readonly timer: NodeJS.Timeout;
  private sent = 0;
  private pending = 0;
  private failure: Error | null = null;

  private constructor(
    private readonly groups: { readonly migrating: GroupLinks; readonly other: GroupLinks },
    private readonly pick: Readonly<Record<KeyGroup, () => string>>,
    private readonly rate: number,
  ) {
    this.timer = setInterval(() => this.runDue(), 1);
  }

  /**
   * Opens each group's connections to every port, then starts offering writes; `ports` says where
   * each group's keys are at first, `pick` gives a random key of each group.
   */
  static async start(ports: { readonly migrating: number; readonly other: number }, pick: Readonly<Record<KeyGroup, () => string>>, rate: number): Promise<RespClusterWriter> {
    const groups = { migrating: new GroupLinks(ports.migrating), other: new GroupLinks(ports.other) };
    await Promise.all([groups.migrating, groups.other].flatMap((group) => [ports.migrating, ports.other].map((port) => group.link(port))));
    return new RespClusterWriter(groups, pick, rate);
  }

  /** Stops offering writes, waits for those in flight, returns the figures. */
  async stop(): Promise<WriterFigures> {
    clearInterval(this.timer);
    this.tally.stop();
    while (this.pending > 0) await new Promise((resolve) => setTimeout(resolve, 1));
    await Promise.all([this.groups.migrating.close(), this.groups.other.close()]);
    if (this.failure !== null) throw this.failure;
    return this.tally.figures();
  }

  private runDue(): void {
    for (const due = this.tally.due(this.rate); this.sent < due; this.sent++) {
      const group: KeyGroup = (this.sent & 1) === 0 ? 'migrating' : 'other';
      this.pending++;
      this.write(group, this.pick[group](), performance.now()).then(
        () => this.pending--,
        (error: Error) => ((this.failure ??= error), this.pending--),
      );
    }
  }

  private async write(group: KeyGroup, key: string, issuedAt: number): Promise<void> {
    const slot = keyHashSlot(key);
    const links = this.groups[group];
    for (let attempt = 0; attempt < 16; attempt++) {
      const port = links.owners.get(slot) ?? links.firstPort;
      try {
        await (await links.link(port)).request(['SET', key, 'v']);
        this.tally.record(group, issuedAt);
        return;
      } catch (error) {
        const moved = error instanceof ReplyError ? /^MOVED \d+ [^:]+:(\d+)$/.exec(error.message) : null;
        if (moved === null) throw error;
        links.moved(slot, Number(moved[1]));
      }
    }
    throw new Error(`too many redirections for ${key}`);
  }
}
