import { ForklessError, type ForklessErrorCode } from '../errors.js';

/**
 * WebSocket close codes of the replication protocol (4000–4999 is the application range; 1000,
 * 1001 and 1009 are the standard ones). Every close carries a short human-readable reason too.
 *
 * @example
 * ```ts
 * socket.close(ReplicationCloseCode.outputLimit, 'output limit 64 MiB exceeded');
 * ```
 */
export const ReplicationCloseCode = {
  /** The follower closed on purpose (`follower.close()`). */
  normal: 1000,
  /** The leader is shutting down (`leader.close()`). */
  goingAway: 1001,
  /** A frame exceeded `maxPayload` (sent by ws itself). */
  messageTooLarge: 1009,
  /**
   * The leader's data was replaced (`replaceWith`, a loaded snapshot): a new history began, so the
   * follower reconnects at once for a full sync (not a failure: no backoff).
   */
  resync: 4205,
  /** A frame could not be decoded or broke the protocol (bad type, field or order). */
  protocol: 4400,
  /** The peer stayed silent longer than the heartbeat timeout. */
  timeout: 4408,
  /** The hello asked for a protocol version this side does not speak. */
  protocolVersion: 4426,
  /** The follower did not read fast enough: more than the output limit was buffered for it. */
  outputLimit: 4429,
  /** The full sync failed on the leader (iteration error) or could not be applied on the follower. */
  syncFailed: 4500,
} as const;

/** One of the {@link ReplicationCloseCode} values. */
export type ReplicationCloseCodeValue = (typeof ReplicationCloseCode)[keyof typeof ReplicationCloseCode];

const ERROR_CODE_OF_CLOSE = new Map<number, ForklessErrorCode>([
  [ReplicationCloseCode.goingAway, 'FORKLESS_ERR_CLOSED'],
  [ReplicationCloseCode.messageTooLarge, 'FORKLESS_ERR_MESSAGE_TOO_LARGE'],
  [ReplicationCloseCode.protocol, 'FORKLESS_ERR_PROTOCOL'],
  [ReplicationCloseCode.timeout, 'FORKLESS_ERR_TIMEOUT'],
  [ReplicationCloseCode.protocolVersion, 'FORKLESS_ERR_PROTOCOL_VERSION'],
  [ReplicationCloseCode.outputLimit, 'FORKLESS_ERR_OUTPUT_LIMIT'],
  [ReplicationCloseCode.syncFailed, 'FORKLESS_ERR_SYNC_FAILED'],
]);

/** The close code that reports a {@link ForklessError} to the peer (protocol error by default). */
export function closeCodeOf(error: unknown): ReplicationCloseCodeValue {
  if (error instanceof ForklessError) {
    for (const [closeCode, errorCode] of ERROR_CODE_OF_CLOSE) {
      if (errorCode === error.code) return closeCode as ReplicationCloseCodeValue;
    }
  }
  return ReplicationCloseCode.protocol;
}

/**
 * The error a side reports when its connection closed with `code` and `reason` (abnormal closes,
 * such as a cut link, read as `FORKLESS_ERR_CLOSED`).
 *
 * @example
 * ```ts
 * closeError(4429, 'output limit exceeded').code; // 'FORKLESS_ERR_OUTPUT_LIMIT'
 * ```
 */
export function closeError(code: number, reason: string): ForklessError {
  const errorCode = ERROR_CODE_OF_CLOSE.get(code) ?? 'FORKLESS_ERR_CLOSED';
  return new ForklessError(errorCode, reason === '' ? `connection closed (${code})` : reason, { closeCode: code });
}

/** WebSocket close reasons are limited to 123 bytes of UTF-8. */
export function closeReason(message: string): string {
  const bytes = Buffer.from(message, 'utf8');
  return bytes.length <= 123
    ? message
    : bytes
        .subarray(0, 120)
        .toString('utf8')
        .replace(/\uFFFD*$/, '') + '...';
}
