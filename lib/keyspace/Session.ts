import { toByteString, type ByteString } from './byteString.js';
import type { CommandSpecification, Reply } from './commandTable.js';
import { ReplyError } from './ReplyError.js';
import { settleReply, type ReplyEncoding } from './settleReply.js';

interface QueuedCommand {
  readonly specification: CommandSpecification;
  readonly argv: ByteString[];
}

/** What a session needs from its keyspace. */
export interface SessionHost {
  dispatch(argv: ByteString[], db: number, session: Session | null, replicated?: boolean): Reply;
  runCommand(specification: CommandSpecification, argv: ByteString[], db: number, session: Session | null, replicated?: boolean): Reply;
  /** Runs `body` as one unit: whatever it writes reaches users only once it is over. */
  atomically<T>(body: () => T): T;
}

/**
 * A client's state: the selected database and the MULTI queue.
 *
 * @example
 * ```ts
 * const session = ks.session();
 * session.execute(['SELECT', '2']);
 * session.execute(['MULTI']);
 * session.execute(['INCR', 'counter']); // 'QUEUED'
 * session.execute(['EXEC']);            // [1]
 * ```
 */
export class Session {
  /** The selected database. */
  db = 0;
  private queue: QueuedCommand[] | null = null;
  private aborted = false;

  constructor(private readonly keyspace: SessionHost) {}

  /** True between MULTI and EXEC/DISCARD. */
  get inTransaction(): boolean {
    return this.queue !== null;
  }

  /** Runs (or, inside MULTI, queues) one command. Throws {@link ReplyError} on error replies. */
  execute(argv: readonly (string | Uint8Array)[], options: { encoding?: ReplyEncoding } = {}): Reply {
    const byteArgv = argv.map(toByteString);
    try {
      return settleReply(this.keyspace.dispatch(byteArgv, this.db, this), options.encoding ?? 'utf8');
    } catch (error) {
      if (!(error instanceof ReplyError)) throw error;
      const name = byteArgv[0]?.toLowerCase() ?? '';
      // EXEC with extra arguments discards the transaction (in MULTI or not), as in Valkey.
      if (name === 'exec' && argv.length !== 1) {
        this.queue = null;
        throw new ReplyError(`EXECABORT Transaction discarded because of: ${error.message.replace(/^ERR /, '')}`);
      }
      // A rejected command (unknown, wrong arity) while queueing dooms the transaction; only
      // MULTI/DISCARD's own run-time errors (nested MULTI) do not.
      if (this.queue !== null && !(isTransactionCommand(name) && argv.length === 1)) this.aborted = true;
      throw error;
    }
  }

  /**
   * @internal Runs a command already looked up and arity-checked, with byte-string arguments, now
   * (never queued): the RESP server's path, which parses bytes and keeps MULTI itself. Replies
   * stay byte strings; throws {@link ReplyError} on error replies.
   */
  run(specification: CommandSpecification, argv: ByteString[]): Reply {
    return this.keyspace.runCommand(specification, argv, this.db, this);
  }

  /** @internal Queues the command if a transaction is open; false if it must run now. */
  queueing(specification: CommandSpecification, argv: ByteString[]): boolean {
    if (this.queue === null || specification.flags.has('transaction')) return false;
    this.queue.push({ specification, argv });
    return true;
  }

  /** @internal MULTI. */
  begin(): void {
    if (this.queue !== null) throw new ReplyError('ERR MULTI calls can not be nested');
    this.queue = [];
    this.aborted = false;
  }

  /** @internal DISCARD. */
  discard(): void {
    if (this.queue === null) throw new ReplyError('ERR DISCARD without MULTI');
    this.queue = null;
  }

  /** @internal EXEC: runs the queue atomically; a failing command's error takes its place. */
  commit(): Reply[] {
    const queue = this.queue;
    if (queue === null) throw new ReplyError('ERR EXEC without MULTI');
    this.queue = null;
    if (this.aborted) throw new ReplyError('EXECABORT Transaction discarded because of previous errors.');
    // One unit: iterations and replication$ see the whole transaction before anyone else runs.
    return this.keyspace.atomically(() =>
      queue.map(({ specification, argv }) => {
        try {
          return this.keyspace.runCommand(specification, argv, this.db, this);
        } catch (error) {
          if (error instanceof ReplyError) return error;
          throw error;
        }
      }),
    );
  }
}

function isTransactionCommand(name: string): boolean {
  return name === 'exec' || name === 'discard' || name === 'multi';
}
