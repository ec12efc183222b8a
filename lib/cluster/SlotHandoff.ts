import { performance } from 'node:perf_hooks';
import type { SlotRange } from '../iteration/SlotRanges.js';
import { ReplyError } from '../keyspace/ReplyError.js';
import type { ClusterPeer } from './ClusterTopology.js';
import type { MigrationHost } from './MigrationHost.js';
import type { MigrationJob } from './MigrationJob.js';
import type { MigrationLink } from './MigrationLink.js';
import { deleteSlotKeys } from './slotData.js';
import { withTimeout } from './withTimeout.js';

/**
 * The end of a migration: writes to the migrating slots ONLY are paused (other slots keep
 * serving; paused writes wait), `CLUSTER SYNCSLOTS FAILOVER` goes down the same ordered link as a
 * marker behind every forwarded write, and the target takes the slots with a higher config epoch.
 * On its answer the source gives the slots to the target in its own topology before releasing the
 * paused writes, so they are answered with MOVED; then it pushes the topology and deletes the keys
 * in the background. If the answer never comes, the outcome is settled before any write is let
 * through: a probe on a fresh connection asks the target, and the probe itself aborts an import
 * that has not taken over, so the two nodes never both accept writes for a slot.
 *
 * @example
 * ```ts
 * await new SlotHandoff(host, job, link, target).run(); // job ends in success or failed
 * ```
 */
export class SlotHandoff {
  private pausedAt = 0;

  constructor(
    private readonly host: MigrationHost,
    private readonly job: MigrationJob,
    private readonly link: MigrationLink,
    private readonly target: ClusterPeer,
  ) {}

  /** Pauses, hands over or rolls back, resumes. Never rejects. */
  async run(): Promise<void> {
    const { pauses, options, scheduler } = this.host;
    pauses.pause(this.job.ranges);
    this.pausedAt = performance.now();
    this.job.enter('failover-paused');
    try {
      const failover = this.link.request(['CLUSTER', 'SYNCSLOTS', 'FAILOVER', 'NAME', this.job.name]);
      const epoch = await withTimeout(failover, options.pauseTimeoutMs, scheduler, 'The target did not take over within the pause');
      this.moved(Number(epoch));
    } catch (error) {
      await this.settle(error);
    } finally {
      pauses.resume(this.job.ranges);
    }
  }

  /** The FAILOVER request failed: did the target take over? */
  private async settle(error: unknown): Promise<void> {
    if (error instanceof ReplyError) return this.rollback(`The target refused the handoff: ${error.message}`, error);
    if (this.ownedByTarget()) return this.moved(this.target.configEpoch);
    const { connect, options, scheduler } = this.host;
    let probe: MigrationLink | null = null;
    try {
      probe = await withTimeout(connect(this.target), options.stageTimeoutMs, scheduler, 'probe: no connection');
      const status = await withTimeout(probe.request(['CLUSTER', 'SYNCSLOTS', 'STATUS', 'NAME', this.job.name]), options.stageTimeoutMs, scheduler, 'probe: no reply');
      if (typeof status === 'number') return this.moved(status);
      this.rollback(`Handoff not completed by the target (${String(status)}); the slots stay here`);
    } catch (probeError) {
      if (this.ownedByTarget()) return this.moved(this.target.configEpoch);
      this.rollback(`Handoff failed and the target cannot be reached (${String((probeError as Error)?.message ?? probeError)}); the slots stay here`, probeError);
    } finally {
      probe?.close();
    }
  }

  private ownedByTarget(): boolean {
    return this.job.ranges.every(([start, end]) => this.host.topology.ownerOf(start)?.id === this.target.id && this.host.topology.ownerOf(end)?.id === this.target.id);
  }

  private moved(epoch: number): void {
    const { topology } = this.host;
    topology.claim(this.job.ranges, this.target.id, Math.max(epoch, this.target.configEpoch));
    // Released right after the slots changed owner: the held writes are answered MOVED at once.
    this.host.pauses.resume(this.job.ranges);
    this.job.pauseMs = performance.now() - this.pausedAt;
    this.job.enter('failover-granted');
    this.host.scheduler.schedule(() => this.host.pushTopology());
    this.job.enter('success');
    this.deleteInBackground(this.job.ranges);
  }

  private rollback(message: string, cause?: unknown): void {
    this.link.write(['CLUSTER', 'SYNCSLOTS', 'FINISH', 'NAME', this.job.name, 'STATE', 'failed', 'MESSAGE', message]);
    this.job.pauseMs = performance.now() - this.pausedAt;
    this.job.enter('failed', message, cause);
  }

  /** Deletes the moved slots' keys a batch per scheduler turn (propagated DELs), skipping slots that came back. */
  private deleteInBackground(ranges: readonly SlotRange[]): void {
    const { host } = this;
    const gone = (slot: number) => host.topology.ownerOf(slot)?.id !== host.topology.myself.id && !host.importing(slot);
    const step = () => {
      if (deleteSlotKeys(host.keyspace, ranges, 1000, gone) > 0) host.scheduler.schedule(step);
    };
    host.scheduler.schedule(step);
  }
}
