import type { SlotRange } from '../iteration/SlotRanges.js';
import { commandTable } from '../keyspace/commands/index.js';
import type { ByteString } from '../keyspace/byteString.js';
import { keyHashSlot } from '../keyspace/keyHashSlot.js';
import type { Reply } from '../keyspace/Reply.js';
import { ReplyError } from '../keyspace/ReplyError.js';
import type { LinkEndpoint } from './InProcessLink.js';
import { MigrationJob } from './MigrationJob.js';
import type { MigrationHost } from './MigrationHost.js';
import { parseSlotRanges } from './parseSlotRanges.js';
import { asBytes, deleteSlotKeys, setSlotsHidden } from './slotData.js';

/**
 * The target's end of a migration link: `CLUSTER SYNCSLOTS ESTABLISH` opens an import job and
 * stages its slots out of sight; the source's write commands are applied as a replica applies
 * its leader's (`replicated`, no expiry of its own); `CLUSTER SYNCSLOTS FAILOVER` (sent after the
 * source paused the slots, so nothing can follow it) takes ownership with a new, higher config
 * epoch and shows the keys. Any failure (link lost, `FINISH STATE failed`, a probe, FLUSHALL, a
 * source silent for `stageTimeoutMs`) drops the staged keys: the source still owns the slots with
 * all its data.
 *
 * @example
 * ```ts
 * const endpoint = new SlotImport(host);  // one per incoming link
 * endpoint.execute(['CLUSTER', 'SYNCSLOTS', 'ESTABLISH', 'SOURCE', id, 'NAME', name, 'SLOTSRANGE', '0', '99']);
 * ```
 */
export class SlotImport implements LinkEndpoint {
  private job: MigrationJob | null = null;
  private db = 0;
  /** Whether the source sent anything since the last idle check. */
  private heard = false;

  constructor(private readonly host: MigrationHost) {}

  execute(argv: readonly ByteString[]): Reply {
    this.heard = true;
    const name = argv[0]!.toLowerCase();
    if (name === 'cluster' && argv[1]?.toLowerCase() === 'syncslots') return this.control(argv.slice(2));
    const job = this.job;
    if (job === null || job.state !== 'receiving-snapshot') throw new ReplyError('ERR no slot import in progress on this link');
    if (name === 'select') {
      this.db = Number(argv[1]);
      return 'OK';
    }
    const specification = commandTable.get(name);
    const outside = specification?.keys(argv as ByteString[], this.db).find(({ key }) => !inRanges(job.ranges, keyHashSlot(key)));
    if (specification === undefined || outside !== undefined) {
      this.abort(`Received a command outside the importing slots: ${name}`);
      throw new ReplyError('ERR command outside the importing slots');
    }
    this.host.keyspace.execute(asBytes(argv), { db: this.db, replicated: true });
    job.commands++;
    job.lastAckTime = Math.floor(job.clock() / 1000);
    return 'OK';
  }

  closed(): void {
    this.abort('Connection lost to source. Check CLUSTER GETSLOTMIGRATIONS on the source node for more information.');
  }

  /** Fails the job and drops the staged keys (FLUSHALL on this node, a probe, a cut link). */
  abort(message: string): void {
    if (this.job !== null) dropImport(this.host, this.job, message);
  }

  private control(args: readonly ByteString[]): Reply {
    const sub = args[0]?.toLowerCase();
    if (sub === 'establish') return this.establish(args);
    if (sub === 'ack') return 'OK';
    const name = option(args, 'NAME');
    const job = this.host.jobs.find((candidate) => candidate.name === name && candidate.operation === 'IMPORT');
    if (job === undefined) return sub === 'status' ? 'unknown' : fail(`ERR unknown slot migration ${name}`);
    if (sub === 'failover') return this.failover(job);
    if (sub === 'finish') {
      dropImport(this.host, job, option(args, 'MESSAGE') ?? 'Cancelled by the source');
      return 'OK';
    }
    if (sub === 'status') {
      if (job.state === 'success') return this.host.topology.myself.configEpoch;
      dropImport(this.host, job, 'The source gave up the handoff');
      return 'aborted';
    }
    return fail('ERR syntax error');
  }

  private establish(args: readonly ByteString[]): Reply {
    const source = option(args, 'SOURCE');
    const name = option(args, 'NAME');
    const at = args.findIndex((argument) => argument.toUpperCase() === 'SLOTSRANGE');
    if (source === undefined || name === undefined || at === -1) return fail('ERR syntax error');
    const ranges = parseSlotRanges(args.slice(at + 1));
    const { topology, options } = this.host;
    for (const [start, end] of ranges) {
      for (let slot = start; slot <= end; slot++) {
        if (topology.ownerOf(slot)?.id === topology.myself.id) return fail(`ERR Slot ${slot} is already owned by this node`);
        if (this.host.importing(slot)) return fail(`ERR Slot ${slot} is already being imported`);
      }
    }
    deleteSlotKeys(this.host.keyspace, ranges);
    setSlotsHidden(this.host.keyspace, ranges, true);
    this.job = new MigrationJob(name, 'IMPORT', ranges, source, topology.myself.id, this.host.keyspace.clock, 'receiving-snapshot');
    this.host.jobs.push(this.job);
    trimLog(this.host.jobs, options.logLength);
    this.watch(this.job);
    return 'OK';
  }

  /**
   * Fails the import once the source sent nothing for a whole `stageTimeoutMs` (checked every
   * `stageTimeoutMs`, so after one to two of them): a hung source, or a network that holds its
   * bytes without closing, would otherwise leave the slots staged here for good (Valkey times
   * out an import after `repl-timeout` without interaction, in the same words).
   */
  private watch(job: MigrationJob): void {
    const { scheduler, options } = this.host;
    this.heard = false;
    const check = () => {
      if (!this.heard) return dropImport(this.host, job, 'Timed out after too long with no interaction');
      this.heard = false;
      timer = scheduler.schedule(check, options.stageTimeoutMs);
    };
    let timer = scheduler.schedule(check, options.stageTimeoutMs);
    job.progress$.subscribe({ complete: () => timer.unsubscribe() });
  }

  private failover(job: MigrationJob): Reply {
    if (job !== this.job || job.state !== 'receiving-snapshot') return fail('ERR the import is not waiting for a failover');
    const epoch = this.host.topology.claim(job.ranges, this.host.topology.myself.id);
    setSlotsHidden(this.host.keyspace, job.ranges, false);
    job.enter('success');
    this.host.scheduler.schedule(() => this.host.pushTopology()); // after the reply: the source is paused until it has it
    return epoch;
  }
}

/**
 * Fails an import job that is not finished and drops its staged keys.
 *
 * @example
 * ```ts
 * dropImport(node, job, 'Data was flushed on the target');
 * ```
 */
export function dropImport(host: MigrationHost, job: MigrationJob, message: string): void {
  if (job.finished) return;
  deleteSlotKeys(host.keyspace, job.ranges);
  setSlotsHidden(host.keyspace, job.ranges, false);
  job.enter('failed', message);
}

function inRanges(ranges: readonly SlotRange[], slot: number): boolean {
  return ranges.some(([start, end]) => slot >= start && slot <= end);
}

function option(args: readonly ByteString[], name: string): ByteString | undefined {
  const at = args.findIndex((argument) => argument.toUpperCase() === name);
  return at === -1 ? undefined : args[at + 1];
}

function fail(message: string): never {
  throw new ReplyError(message);
}

/**
 * Keeps at most `length` finished jobs (the oldest go first); jobs in progress always stay.
 *
 * @example
 * ```ts
 * trimLog(node.jobs, 32); // Valkey's cluster-slot-migration-log-max-len
 * ```
 */
export function trimLog(jobs: MigrationJob[], length: number): void {
  let excess = jobs.filter((job) => job.finished).length - length;
  for (let index = 0; index < jobs.length && excess > 0;) {
    if (jobs[index]!.finished) {
      jobs.splice(index, 1);
      excess--;
    } else index++;
  }
}
