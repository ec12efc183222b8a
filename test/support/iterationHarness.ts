import { expect } from 'vitest';
import { activeExpiryCycle } from '../../lib/keyspace/activeExpiry.js';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import type { KeyIdentities } from './KeyIdentities.js';
import type { Database } from '../../lib/keyspace/Database.js';
import { ReplyError } from '../../lib/keyspace/ReplyError.js';
import { bgIteration } from '../../lib/iteration/bgIteration.js';
import type { CompleteItem, IterationItem } from '../../lib/keyspace/IterationItem.js';
import type { IterationMode } from '../../lib/iteration/IterationTracker.js';
import { ManualScheduler } from './ManualScheduler.js';
import { canonicalValue, dumpKeyspace, dumpLine, type DumpLine } from './dumpKeyspace.js';
import type { Action } from './workload.js';

/** Runs a command, treating an error reply as "no effect" (the keyspace guarantees that). */
export function tryExecute(keyspace: Keyspace, argv: readonly string[], db = 0): void {
  try {
    keyspace.execute(argv, { db });
  } catch (error) {
    if (!(error instanceof ReplyError)) throw error;
  }
}

/** Applies one workload action to the keyspace (or steps the scheduler / clock). */
export function perform(world: World, action: Action): void {
  switch (action.kind) {
    case 'command':
      tryExecute(world.keyspace, action.argv, action.db);
      return;
    case 'transaction': {
      const session = world.keyspace.session();
      session.db = action.db;
      session.execute(['MULTI']);
      for (const argv of action.commands) {
        try {
          session.execute(argv);
        } catch (error) {
          if (!(error instanceof ReplyError)) throw error;
        }
      }
      try {
        session.execute(['EXEC']);
      } catch (error) {
        if (!(error instanceof ReplyError)) throw error;
      }
      return;
    }
    case 'cycle':
      world.scheduler.step();
      return;
    case 'clock':
      world.now += action.ms;
      return;
    case 'activeExpiry':
      world.expireCycle(20);
      return;
  }
}

/** A keyspace with a controllable clock and scheduler. */
export class World {
  now = 1_000_000;
  readonly keyspace: Keyspace;
  readonly scheduler = new ManualScheduler();
  readonly expireCycle: (budget: number) => number;
  /** @param unpackedCollections recently written collections kept unpacked (0: every one packed after its write). */
  constructor(databases = 3, unpackedCollections?: number) {
    this.keyspace = new Keyspace({ databases, clock: () => this.now, unpackedCollections });
    this.expireCycle = activeExpiryCycle(this.keyspace);
  }
  newReplica(): Keyspace {
    return new Keyspace({ databases: this.keyspace.databases.length, clock: () => this.now });
  }
}

/** One iteration under observation, with everything its checks need. */
export class ObservedIteration {
  readonly items: IterationItem[] = [];
  readonly replica: Keyspace;
  complete: CompleteItem | null = null;
  error: unknown = null;
  leaderAtComplete: DumpLine[] = [];
  replicaAtComplete: DumpLine[] = [];
  /** Canonical value of each entry at emission, to prove it never changes afterwards. */
  private readonly frozen: { item: IterationItem & { kind: 'entry' }; canonical: string }[] = [];
  /** Identities of the keys delivered, as they are at delivery (non-consistent modes). */
  readonly deliveredEntries: number[] = [];
  /**
   * The databases as the stream numbers them: items may reach the consumer after later writes
   * (consumers run commands between deliveries), so indices follow the stream's barriers, not the
   * keyspace's present. Null for a database flushed in the stream (its keys are new).
   */
  private readonly streamDatabases: (Database | null)[];
  readonly subscription;

  constructor(
    readonly world: World,
    readonly mode: IterationMode,
    batchSize: number,
    private readonly identities?: KeyIdentities,
    /** The consumer's own work inside `next`, after the item was recorded (it may run commands). */
    private readonly react: (item: IterationItem) => void = () => {},
  ) {
    this.replica = world.newReplica();
    this.streamDatabases = world.keyspace.databases.slice();
    this.subscription = bgIteration(world.keyspace, { consistent: mode.consistent, replication: mode.replication, scheduler: world.scheduler, batchSize }).subscribe({
      next: (item) => this.receive(item),
      error: (error: unknown) => (this.error = error),
    });
  }

  private receive(item: IterationItem): void {
    this.items.push(item);
    if (item.kind === 'entry') {
      this.frozen.push({ item, canonical: canonicalValue(item.type, item.value) });
      const identity = this.identities?.idOf(this.streamDatabases[item.db]!, item.key);
      if (!this.mode.consistent && identity !== undefined) this.deliveredEntries.push(identity);
    }
    this.followBarrier(item);
    if (this.mode.replication) this.replica.apply(item);
    if (item.kind !== 'complete') this.react(item);
    if (item.kind === 'complete') {
      this.complete = item;
      this.leaderAtComplete = dumpKeyspace(this.world.keyspace);
      this.replicaAtComplete = dumpKeyspace(this.replica);
      // After `complete`, the replica follows the replication stream from that offset on.
      if (this.mode.replication) {
        this.world.keyspace.replication$.subscribe((record) => {
          if (record.offset > item.offset) this.replica.execute(record.argv, { db: record.db, replicated: true });
        });
      }
    }
  }

  private followBarrier(item: IterationItem): void {
    const databases = this.streamDatabases;
    if (item.kind === 'swapdb') [databases[item.db], databases[item.other]] = [databases[item.other]!, databases[item.db]!];
    if (item.kind === 'flushdb') {
      databases.forEach((_database, db) => {
        if (item.db === -1 || item.db === db) databases[db] = null;
      });
    }
  }

  entryLines(): DumpLine[] {
    return this.items.flatMap((item) => (item.kind === 'entry' ? [dumpLine(item.db, item.key, item.type, item.value, item.expiresAt)] : []));
  }

  /** Items whose value changed after emission (must be empty). */
  mutatedAfterEmission(): string[] {
    return this.frozen.filter(({ item, canonical }) => canonicalValue(item.type, item.value) !== canonical).map(({ item }) => item.key);
  }
}

/** The four modes, as design.md lists them. */
export const ALL_MODES = [
  { consistent: true, replication: false },
  { consistent: false, replication: true },
  { consistent: true, replication: true },
  { consistent: false, replication: false },
] as const;

/**
 * Checks every guarantee of design.md on a finished iteration: `t0` is the keyspace's dump at
 * subscription, `survivors` the identities of keys alive throughout.
 */
export function expectEveryGuarantee(iteration: ObservedIteration, world: World, t0: readonly DumpLine[], survivors: readonly number[]): void {
  const { mode } = iteration;
  expect(iteration.error).toBeNull();
  expect(iteration.complete).not.toBeNull();
  expect(iteration.items.at(-1)).toEqual(iteration.complete);
  expect(iteration.mutatedAfterEmission()).toEqual([]);
  // Consistent: exactly T0, each key once, with its T0 value, expiry and db index.
  if (mode.consistent) expect([...iteration.entryLines()].sort()).toEqual(t0);
  if (mode.replication) {
    expect(iteration.replicaAtComplete).toEqual(iteration.leaderAtComplete);
    expect(dumpKeyspace(iteration.replica)).toEqual(dumpKeyspace(world.keyspace));
    expect(iteration.replica.digest()).toBe(world.keyspace.digest());
  } else {
    expect(iteration.items.filter((item) => item.kind === 'command')).toEqual([]);
  }
  if (!mode.consistent && !mode.replication) {
    // Every key alive for the whole iteration delivered exactly once.
    const delivered = iteration.deliveredEntries;
    expect(new Set(delivered).size).toBe(delivered.length);
    const deliveredSet = new Set(delivered);
    expect(survivors.filter((identity) => !deliveredSet.has(identity))).toEqual([]);
  }
}
