import { toByteString, type ByteString } from './byteString.js';
import type { CommandSpecification, Reply } from './commandTable.js';
import type { Keyspace } from './Keyspace.js';
import { ReplyError } from './ReplyError.js';
import { settleReply, type ReplyEncoding } from './settleReply.js';

interface QueuedCommand {
  readonly specification: CommandSpecification;
  readonly argv: ByteString[];
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

  constructor(private readonly keyspace: Keyspace) {}

  /** True between MULTI and EXEC/DISCARD. */
  get inTransaction(): boolean {
    return this.queue !== null;
  }

  /** Runs (or, inside MULTI, queues) one command. Throws {@link ReplyError} on error replies. */
  execute(argv: readonly (string | Uint8Array)[], options: { encoding?: ReplyEncoding } = {}): Reply {
    try {
      return settleReply(this.keyspace.dispatch(argv.map(toByteString), this.db, this), options.encoding ?? 'utf8');
    } catch (error) {
      // An unknown command or wrong arity while queueing dooms the transaction, as in Valkey.
      if (this.queue !== null && error instanceof ReplyError && !isTransactionCommand(argv[0])) this.aborted = true;
      throw error;
    }
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
    return queue.map(({ specification, argv }) => {
      try {
        return this.keyspace.runCommand(specification, argv, this.db, this);
      } catch (error) {
        if (error instanceof ReplyError) return error;
        throw error;
      }
    });
  }
}

function isTransactionCommand(name: string | Uint8Array | undefined): boolean {
  return typeof name === 'string' && /^(?:exec|discard|multi)$/i.test(name);
}
