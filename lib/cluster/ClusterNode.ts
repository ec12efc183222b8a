import { Subject, type Observable, type SchedulerLike } from 'rxjs';
import type { SlotRange } from '../iteration/SlotRanges.js';
import type { Keyspace } from '../keyspace/Keyspace.js';
import { ReplyError } from '../keyspace/ReplyError.js';
import { ClusterTopology, type ClusterPeer, type TopologyDocument } from './ClusterTopology.js';
import type { MigrationHost } from './MigrationHost.js';
import type { MigrationJob, MigrationProgress } from './MigrationJob.js';
import type { LinkConnector } from './MigrationLink.js';
import { normalizeClusterNodeOptions, type ClusterNodeOptions, type NormalizedClusterNodeOptions } from './ClusterNodeOptions.js';
import { routeCommands, type Route, type RoutedCommand } from './routeCommand.js';
import { SlotExport } from './SlotExport.js';
import { dropImport, SlotImport, trimLog } from './SlotImport.js';
import { SlotPauses } from './SlotPauses.js';

/**
 * One node of a forkless cluster: its topology, the routing check, the migration jobs it runs as
 * source (`migrate`) and as target (`acceptLink`), and the pauses of migrating slots. The RESP
 * server owns one per process in cluster mode (`--cluster-enabled yes`); tests run several in one
 * process over in-process links.
 *
 * @example
 * ```ts
 * const node = new ClusterNode({ keyspace, host: '127.0.0.1', port: 7000, connect });
 * node.topology.assign([0, 1, 2], node.id);
 * node.migrate([[0, 2]], otherId).subscribe((progress) => console.log(progress.state));
 * ```
 */
export class ClusterNode implements MigrationHost {
  readonly keyspace: Keyspace;
  readonly topology: ClusterTopology;
  readonly pauses = new SlotPauses();
  readonly jobs: MigrationJob[] = [];
  readonly connect: LinkConnector;
  readonly scheduler: SchedulerLike;
  readonly options: NormalizedClusterNodeOptions;
  private readonly exports = new Set<SlotExport>();
  private readonly ended = new Subject<MigrationJob>();
  /** Each export job of this node once it ends (`success`, `failed` or `cancelled`); the server logs them. */
  readonly exportsEnded$: Observable<MigrationJob> = this.ended.asObservable();
  private readonly flushes;
  private pushes = 0;

  constructor(options: ClusterNodeOptions) {
    this.options = normalizeClusterNodeOptions(options);
    const { keyspace, host, port, id, connect, scheduler } = this.options;
    this.keyspace = keyspace;
    keyspace.clusterMode = true;
    this.topology = new ClusterTopology({ id: id ?? ClusterTopology.newNodeId(), host, port, configEpoch: 0 });
    this.connect = connect;
    this.scheduler = scheduler;
    // FLUSHALL/FLUSHDB or a wholesale replacement fail every import (Valkey: "Data was flushed");
    // SWAPDB, which would too, is refused in cluster mode.
    const flushed = () => this.failImports('Data was flushed on the target');
    const keyless = this.keyspace.replication$.subscribe(({ argv }) => /^(flushall|flushdb)$/i.test(String(argv[0])) && flushed());
    const replaced = this.keyspace.replaced$.subscribe(flushed);
    this.flushes = [keyless, replaced];
  }

  get id(): string {
    return this.topology.myself.id;
  }

  /** The routing check of one command, or of a MULTI queue at EXEC. */
  route(commands: readonly RoutedCommand[]): Route {
    const view = { myId: this.id, ownerOf: (slot: number) => this.topology.ownerOf(slot), pausedUntil: (slot: number) => this.pauses.until(slot) };
    return routeCommands(view, commands);
  }

  /** The endpoint for a connection that sends `CLUSTER SYNCSLOTS …` (an incoming migration link or a probe). */
  acceptLink(): SlotImport {
    return new SlotImport(this);
  }

  importing(slot: number): boolean {
    return this.jobs.some((job) => job.operation === 'IMPORT' && !job.finished && job.ranges.some(([start, end]) => slot >= start && slot <= end));
  }

  /**
   * Starts migrating slots this node owns to a known node (`CLUSTER MIGRATESLOTS`). Returns the
   * job's progress; it completes when the job succeeds and errors with a `ForklessError` (the
   * job's `error`: `FORKLESS_ERR_UNAUTHORIZED`, `FORKLESS_ERR_CLOSED`, …) when it fails or is
   * cancelled, after the last progress. Throws a ReplyError for a request Valkey would refuse.
   */
  migrate(ranges: readonly SlotRange[], targetId: string): Observable<MigrationProgress> {
    const job = this.startExport(ranges, targetId);
    return job.outcome$;
  }

  /** Starts an export job (validated) and returns it. */
  startExport(ranges: readonly SlotRange[], targetId: string): MigrationJob {
    const target = this.topology.nodes.get(targetId);
    if (target === undefined) throw replyError(`ERR Unknown node ${targetId}`);
    if (targetId === this.id) throw replyError("ERR Can't migrate slots to myself");
    for (const [start, end] of ranges) {
      for (let slot = start; slot <= end; slot++) {
        if (this.topology.ownerOf(slot)?.id !== this.id) throw replyError(`ERR I'm not the owner of hash slot ${slot}`);
        if (this.exporting(slot)) throw replyError(`ERR Slot ${slot} is already being migrated`);
      }
    }
    const exporter = new SlotExport(this, ClusterTopology.newNodeId(), ranges, target);
    this.exports.add(exporter);
    this.jobs.push(exporter.job);
    trimLog(this.jobs, this.options.logLength);
    exporter.job.progress$.subscribe({
      complete: () => {
        this.exports.delete(exporter);
        this.ended.next(exporter.job);
      },
    });
    void exporter.start();
    return exporter.job;
  }

  /** `CLUSTER CANCELSLOTMIGRATIONS`: cancels every export of this node; returns how many. */
  cancelMigrations(): number {
    return [...this.exports].filter((exporter) => exporter.cancel()).length;
  }

  /** Merges a pushed topology (`CLUSTER SETTOPOLOGY`); returns this node's resulting document. */
  mergeTopology(document: TopologyDocument): TopologyDocument {
    this.topology.merge(document);
    return this.topology.toDocument();
  }

  /**
   * Pushes this node's topology to every peer; each merges it (higher config epochs win). A peer
   * that cannot be reached is retried every second (30 times) until a newer push replaces this one.
   */
  pushTopology(): void {
    const generation = ++this.pushes;
    for (const peer of this.topology.nodes.values()) if (peer.id !== this.id) this.pushTo(peer, generation, 0);
  }

  private pushTo(peer: ClusterPeer, generation: number, attempt: number): void {
    const json = JSON.stringify(this.topology.toDocument());
    this.connect(peer)
      .then((link) => link.request(['CLUSTER', 'SETTOPOLOGY', json]).finally(() => link.close()))
      .catch(() => {
        if (generation === this.pushes && attempt < 30) this.scheduler.schedule(() => this.pushTo(peer, generation, attempt + 1), 1000);
      });
  }

  /** Stops listening to the keyspace, which leaves cluster mode. */
  close(): void {
    this.keyspace.clusterMode = false;
    for (const subscription of this.flushes) subscription.unsubscribe();
  }

  private exporting(slot: number): boolean {
    return [...this.exports].some((exporter) => !exporter.job.finished && exporter.ranges.some(([start, end]) => slot >= start && slot <= end));
  }

  private failImports(message: string): void {
    for (const job of this.jobs) if (job.operation === 'IMPORT') dropImport(this, job, message);
  }
}

function replyError(message: string): ReplyError {
  return new ReplyError(message);
}
