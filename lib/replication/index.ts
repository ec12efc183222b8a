/**
 * Replication over WebSocket: a leader serves full syncs (a non-consistent bgIteration with
 * replication), partial resyncs from a bounded backlog and the live stream; followers stay
 * identical to it.
 *
 * @example
 * ```ts
 * import { startLeader, startFollower } from './replication/index.js';
 * const leader = await startLeader({ keyspace: ks, port: 0 });
 * const follower = startFollower({ url: leader.url });
 * ```
 * @packageDocumentation
 */
export { startLeader, Leader } from './Leader.js';
export type { LeaderEvent } from './Leader.js';
export type { LeaderOptions, ReplicationBacklogOptions, SocketSenderLimits, FrameLimits } from './LeaderOptions.js';
export { LEADER_OPTIONS, normalizeLeaderOptions } from './LeaderOptions.js';
export { startFollower, Follower } from './Follower.js';
export type { FollowerOptions } from './FollowerOptions.js';
export { FOLLOWER_OPTIONS, BACKOFF_OPTIONS, normalizeFollowerOptions } from './FollowerOptions.js';
export type { FollowerState, FollowerStateName } from './FollowerState.js';
export type { FollowerInfo, FollowerSessionState, FullSyncProgress } from './FollowerInfo.js';
export type { SessionEvent } from './FollowerSession.js';
export { ReplicationBacklog } from './ReplicationBacklog.js';
export { exponentialBackoff } from './backoff.js';
export { seededRandom } from '../seededRandom.js';
export type { BackoffOptions, BackoffPolicy } from './backoff.js';
export { ReplicationCloseCode, closeError } from './closeCodes.js';
export type { ReplicationCloseCodeValue } from './closeCodes.js';
export { encodeMessage, decodeMessage } from './messageCodec.js';
export { PROTOCOL_VERSION } from './ReplicationMessage.js';
export type * from './ReplicationMessage.js';
