/** Where a follower connection stands, as the leader sees it. */
export type FollowerSessionState = 'handshake' | 'full-sync' | 'streaming' | 'closed';

/** Progress of the full sync sent to one follower. */
export interface FullSyncProgress {
  /** Keys in the leader's keyspace when the sync started (the progress denominator). */
  keysTotal: number;
  entriesSent: number;
  commandsSent: number;
  startedAt: number;
  completedAt: number | null;
  /** The `complete` offset, once sent. */
  offset: number | null;
}

/**
 * One follower connection as the leader reports it (`leader.followers()`, `leader.events$`).
 *
 * @example
 * ```ts
 * for (const follower of leader.followers()) console.log(follower.followerId, follower.state, follower.lag);
 * ```
 */
export interface FollowerInfo {
  /** Unique per connection on this leader. */
  readonly connectionId: number;
  /** The id the follower gave in its hello (stable across its reconnects), null before hello. */
  readonly followerId: string | null;
  readonly address: string;
  readonly state: FollowerSessionState;
  /** `Date.now()` at connection. */
  readonly connectedAt: number;
  /** Offset of the last live record sent. */
  readonly sentOffset: number;
  /** Offset the follower last acknowledged while streaming, null before streaming. */
  readonly ackedOffset: number | null;
  /** Leader offset minus acked offset, in records; null before streaming. */
  readonly lag: number | null;
  /** Bytes queued for this follower and not yet written to the kernel. */
  readonly bufferedBytes: number;
  /** Bytes sent on this connection so far. */
  readonly bytesSent: number;
  /** The full sync of this connection, if it had one. */
  readonly fullSync: Readonly<FullSyncProgress> | null;
}
