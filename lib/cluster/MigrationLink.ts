import type { ByteString } from '../keyspace/byteString.js';
import type { Reply } from '../keyspace/Reply.js';
import type { ClusterPeer } from './ClusterTopology.js';

/**
 * One ordered command stream from a migration's source to its target (a RESP connection, or an
 * in-process pipe in tests). Commands are written whole, one after the other, never interleaved:
 * the snapshot's commands and the live writes share this single stream.
 *
 * @example
 * ```ts
 * const link = await connect(target);
 * link.write(['SET', 'k', 'v']);                       // reply counted, not awaited
 * await link.request(['CLUSTER', 'SYNCSLOTS', 'ACK']); // waits for this one's reply
 * ```
 */
export interface MigrationLink {
  /** Sends a command whose reply only has to be `OK`-like: an error reply fails the link. */
  write(argv: readonly ByteString[]): void;
  /** Sends a command after everything written so far and resolves with its reply (rejects on an error reply or a cut). */
  request(argv: readonly ByteString[]): Promise<Reply>;
  /** Commands sent and not answered yet: how far the target is behind. */
  readonly unanswered: number;
  /** Settles once when the link breaks or fails (an error reply to a written command). */
  readonly broken: Promise<Error>;
  /** Closes the link (idempotent). */
  close(): void;
}

/** Opens a link to a peer. */
export type LinkConnector = (peer: ClusterPeer) => Promise<MigrationLink>;
