import { join } from 'node:path';
import type { Subscription } from 'rxjs';
import type { Keyspace } from '../keyspace/Keyspace.js';
import { saveSnapshot } from '../snapshot/saveSnapshot.js';
import type { ServerConfig } from './ServerConfig.js';

/**
 * How a server's save shares the event loop with clients: short iteration cycles, so requests
 * wait at most about a millisecond behind the save (it takes longer than a standalone save).
 */
const SAVE_PACE = { budgetMs: 0.5, batchSize: 256 };
/**
 * A background save (BGSAVE, `save` rules) takes at most this share of a busy event loop, as a
 * fork child takes another core in Redis: clients keep 90 % of the server. An idle server saves at
 * full speed; SAVE and SHUTDOWN, whose client waits for the file, are not capped.
 */
const BACKGROUND_CPU_SHARE = 0.1;

/**
 * SAVE, BGSAVE and the `save` rules over forkless snapshots, with the state INFO persistence
 * reports. A save is a consistent bgIteration: writers never wait for it; the memory it costs
 * (Redis's copy-on-write figure) is the heap growth observed while it runs.
 *
 * @example
 * ```ts
 * persistence.bgsave(); // 'started'
 * await persistence.save(); // waits for a save of its own
 * ```
 */
export class Persistence {
  /** Unix seconds of the last successful save (start time when none happened yet). */
  lastSave: number;
  lastStatus: 'ok' | 'err' = 'ok';
  /** Propagated writes since the last successful save began. */
  changes = 0;
  saves = 0;
  lastDurationSec = -1;
  lastCowBytes = 0;
  keysProcessed = 0;
  keysTotal = 0;
  scheduled = false;
  private running: {
    subscription: Subscription;
    done: Promise<boolean>;
    /** BGSAVE or a save rule (nobody waits for it), not SAVE or SHUTDOWN. */
    background: boolean;
    abandon: () => void;
    startedAt: number;
    heapAtStart: number;
    heapPeak: number;
  } | null = null;

  constructor(
    private readonly keyspace: Keyspace,
    private readonly config: ServerConfig,
    private readonly now: () => number,
  ) {
    this.lastSave = Math.floor(now() / 1000);
  }

  /** The snapshot file: `dir/dbfilename`. */
  get path(): string {
    return join(this.config.text('dir'), this.config.text('dbfilename'));
  }

  get inProgress(): boolean {
    return this.running !== null;
  }

  /** Seconds the running save has taken, -1 when none runs. */
  get currentDurationSec(): number {
    return this.running === null ? -1 : Math.floor((this.now() - this.running.startedAt) / 1000);
  }

  /** Heap growth of the running save so far (bytes). */
  get currentCowBytes(): number {
    return this.running === null ? 0 : this.running.heapPeak - this.running.heapAtStart;
  }

  /** Starts a background save unless one runs. */
  bgsave(): 'started' | 'in-progress' {
    if (this.running !== null) return 'in-progress';
    this.start(BACKGROUND_CPU_SHARE);
    return 'started';
  }

  /** Saves now (SAVE, SHUTDOWN): resolves when the file is durable; false on failure or when a save already runs. */
  async save(): Promise<boolean> {
    if (this.running !== null) return false;
    return this.start(1);
  }

  /** Waits for the running save, if any. */
  async settle(): Promise<void> {
    await this.running?.done;
  }

  /** Cancels a running save (its temporary file is removed); whoever waits for it learns it failed. */
  cancel(): void {
    const running = this.running;
    this.running = null;
    running?.subscription.unsubscribe();
    running?.abandon();
  }

  /** Cancels a running background save (as Redis kills its saving child); a SAVE's client waits for its own. */
  abandonBackground(): void {
    if (this.running?.background === true) this.cancel();
  }

  /**
   * FLUSHALL ran: as in Redis, a background save in progress is abandoned and, when save rules are
   * set, the emptied data is saved at once (after a SAVE in progress), so that a restart does not
   * bring the flushed keys back.
   */
  flushedAll(): void {
    this.abandonBackground();
    if (this.config.text('save') === '') return;
    if (this.running === null) void this.start(1);
    else void this.settle().then(() => this.save());
  }

  /** Called once a second: a scheduled BGSAVE or a met `save` rule starts a save. */
  tick(): void {
    if (this.running !== null) return;
    if (this.scheduled) {
      this.scheduled = false;
      this.start(BACKGROUND_CPU_SHARE);
      return;
    }
    const elapsed = this.now() / 1000 - this.lastSave;
    const words = this.config
      .text('save')
      .split(' ')
      .filter((word) => word !== '')
      .map(Number);
    for (let index = 0; index < words.length; index += 2) {
      if (this.changes >= words[index + 1]! && elapsed >= words[index]! && this.changes > 0) {
        this.start(BACKGROUND_CPU_SHARE);
        return;
      }
    }
  }

  private start(cpuShare: number): Promise<boolean> {
    const changesAtStart = this.changes;
    const startedAt = this.now();
    const heapAtStart = heapBytes();
    let resolveDone!: (ok: boolean) => void;
    const done = new Promise<boolean>((resolve) => (resolveDone = resolve));
    const finish = (ok: boolean) => {
      if (this.running?.done !== done) return resolveDone(false);
      this.lastCowBytes = this.currentCowBytes;
      this.lastDurationSec = Math.round((this.now() - startedAt) / 1000);
      this.running = null;
      this.lastStatus = ok ? 'ok' : 'err';
      if (ok) {
        this.saves++;
        this.lastSave = Math.floor(startedAt / 1000);
        this.changes -= changesAtStart;
      }
      resolveDone(ok);
    };
    this.keysProcessed = 0;
    this.keysTotal = this.keyspace.databases.reduce((sum, _, db) => sum + this.keyspace.dbsize(db), 0);
    const subscription = saveSnapshot(this.keyspace, this.path, { ...SAVE_PACE, cpuShare }).subscribe({
      next: (progress) => {
        this.keysProcessed = progress.keysWritten;
        if (this.running !== null) this.running.heapPeak = Math.max(this.running.heapPeak, heapBytes());
      },
      error: () => finish(false),
      complete: () => finish(true),
    });
    if (this.running === null && !subscription.closed) {
      this.running = { subscription, done, background: cpuShare < 1, abandon: () => resolveDone(false), startedAt, heapAtStart, heapPeak: heapAtStart };
    }
    return done;
  }
}

function heapBytes(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external + usage.arrayBuffers;
}
