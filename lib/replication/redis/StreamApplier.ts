import type { Keyspace } from '../../keyspace/Keyspace.js';
import { ReplyError } from '../../keyspace/ReplyError.js';

/**
 * Applies a Redis master's command stream to a keyspace as a replica does, counting the offset in
 * bytes: SELECT switches the database (inside MULTI too: each queued command keeps the database
 * selected when it came), MULTI … EXEC is applied as one keyspace unit, PING only counts,
 * `REPLCONF GETACK` asks for an ACK (the GETACK itself counted first); everything else runs with
 * `{ replicated: true }`. A command the keyspace refuses is logged and skipped, as Redis logs
 * errors a replica would send its master.
 *
 * @example
 * ```ts
 * const applier = new StreamApplier(ks, 1187, () => sendAck(), console.warn);
 * applier.apply([Buffer.from('SET'), Buffer.from('k'), Buffer.from('v')], 27);
 * applier.offset; // 1214
 * ```
 */
export class StreamApplier {
  db = 0;
  commands = 0;
  private transaction: [db: number, argv: Buffer[]][] | null = null;

  constructor(
    private readonly keyspace: Keyspace,
    public offset: number,
    private readonly acknowledge: () => void,
    private readonly log: (line: string) => void,
  ) {}

  /** Applies one command that took `bytes` on the wire. */
  apply(argv: Buffer[], bytes: number): void {
    const name = argv[0]!.toString('latin1').toLowerCase();
    this.offset += bytes;
    this.commands++;
    if (name === 'replconf') {
      if (argv[1]?.toString('latin1').toLowerCase() === 'getack') this.acknowledge();
    } else if (name === 'ping') {
      return;
    } else if (name === 'select') {
      this.select(argv);
    } else if (name === 'multi') {
      this.transaction = [];
    } else if (name === 'exec') {
      const queued = this.transaction ?? [];
      this.transaction = null;
      this.keyspace.atomically(() => {
        for (const [db, command] of queued) this.run(db, command);
      });
    } else if (name === 'discard') {
      this.transaction = null;
    } else if (this.transaction !== null) {
      this.transaction.push([this.db, argv]);
    } else {
      this.run(this.db, argv);
    }
  }

  private select(argv: Buffer[]): void {
    const db = Number(argv[1]?.toString('latin1'));
    if (Number.isInteger(db) && db >= 0 && db < this.keyspace.databases.length) this.db = db;
    else this.log(`MASTER sent SELECT ${argv[1]?.toString('latin1')}: this keyspace has ${this.keyspace.databases.length} databases`);
  }

  private run(db: number, argv: Buffer[]): void {
    try {
      this.keyspace.execute(argv, { db, replicated: true });
    } catch (error) {
      if (!(error instanceof ReplyError)) throw error;
      this.log(`== CRITICAL == This replica would reply to its master with an error: '${error.message}' after processing the command '${argv[0]!.toString('latin1')}'`);
    }
  }
}
