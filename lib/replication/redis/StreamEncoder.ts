import type { ReplicationRecord } from '../../keyspace/KeyspaceListener.js';
import { encodeCommand } from './encodeCommand.js';

/** What the encoder needs of a write: a replication record or an iteration's command item. */
export type StreamWrite = Pick<ReplicationRecord, 'db' | 'argv' | 'offset' | 'unit'>;

const MULTI = encodeCommand(['MULTI']);
const EXEC = encodeCommand(['EXEC']);

/**
 * Renders writes as Redis 7.0's replication stream does (server.c propagatePendingCommands): the
 * command as RESP, preceded by `SELECT <db>` whenever its database differs from the previous
 * command's (and before the first one); a unit of more than one command (a transaction, a command
 * and the DELs of its lazily expired keys) goes between `MULTI` and `EXEC`, the SELECT of its first
 * command before the MULTI. Two encoders fed the same writes from the same reset produce the same
 * bytes.
 *
 * @example
 * ```ts
 * const encoder = new StreamEncoder();
 * encoder.encode({ db: 2, argv: ['INCR', 'n'], offset: 1 }); // *2 SELECT 2, then *2 INCR n
 * ```
 */
export class StreamEncoder {
  private selected = -1;
  /** A MULTI was written: the EXEC follows the unit's last command. */
  private inTransaction = false;

  /** The bytes of one write. */
  encode({ db, argv, offset, unit }: StreamWrite): Buffer {
    const parts: Buffer[] = [];
    if (db !== this.selected) {
      this.selected = db;
      parts.push(encodeCommand(['SELECT', String(db)]));
    }
    if (unit !== undefined && unit.first !== unit.last && offset === unit.first) {
      parts.push(MULTI);
      this.inTransaction = true;
    }
    parts.push(encodeCommand(argv));
    if (this.inTransaction && offset === unit?.last) {
      parts.push(EXEC);
      this.inTransaction = false;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  /** Forget the selected database: the next write starts with SELECT (a full resync starts here). */
  reset(): void {
    this.selected = -1;
    this.inTransaction = false;
  }
}
