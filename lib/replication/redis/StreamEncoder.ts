import { encodeCommand } from './encodeCommand.js';

/**
 * Renders writes as a Redis replication stream does: the command as RESP, preceded by `SELECT <db>`
 * whenever its database differs from the previous command's (and before the first one). Two
 * encoders fed the same writes from the same reset produce the same bytes.
 *
 * @example
 * ```ts
 * const encoder = new StreamEncoder();
 * encoder.encode(2, ['INCR', 'n']); // *2 SELECT 2, then *2 INCR n
 * ```
 */
export class StreamEncoder {
  private selected = -1;

  /** The bytes of one write in database `db`. */
  encode(db: number, argv: readonly (string | Uint8Array)[]): Buffer {
    const command = encodeCommand(argv);
    if (db === this.selected) return command;
    this.selected = db;
    return Buffer.concat([encodeCommand(['SELECT', String(db)]), command]);
  }

  /** Forget the selected database: the next write starts with SELECT (a full resync starts here). */
  reset(): void {
    this.selected = -1;
  }
}
