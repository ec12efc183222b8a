import type { ByteString } from '../keyspace/byteString.js';
import type { Reply, ReplyShape } from '../keyspace/commandTable.js';
import { ReplyError } from '../keyspace/ReplyError.js';

/** Runs a command on the blocked client's session (byte-string arguments, binary replies). */
export type RunCommand = (argv: readonly ByteString[]) => Reply;

/** What the server must know about a blocking command to block and wake a client. */
export interface BlockingCommand {
  readonly name: string;
  /** Index of the timeout argument (negative: from the end). */
  readonly timeoutIndex: number;
  /** The keys the client waits on (the source keys). */
  readonly waitKeys: (argv: readonly ByteString[]) => ByteString[];
  /**
   * Serves the command without blocking through existing non-blocking commands, for keyspaces whose
   * command table has no entry of its own for it (reply null: nothing to serve).
   */
  readonly fallback?: { readonly arity: number; readonly shape: ReplyShape; readonly run: (argv: readonly ByteString[], run: RunCommand) => Reply };
}

const allButLast = (argv: readonly ByteString[]) => argv.slice(1, -1);
const firstKey = (argv: readonly ByteString[]) => [argv[1]!];
const numberedKeys = (argv: readonly ByteString[]) => {
  const count = Number(argv[2]);
  return Number.isInteger(count) && count > 0 ? argv.slice(3, 3 + count) : [];
};

/** First key with something to pop: `[key, …reply]` as BLPOP/BZPOPMIN reply. */
function popFirst(pop: string) {
  return (argv: readonly ByteString[], run: RunCommand): Reply => {
    for (const key of allButLast(argv)) {
      const reply = run([pop, key]);
      if (reply === null) continue;
      return Array.isArray(reply) ? (reply.length === 0 ? null : [key, ...reply]) : [key, reply];
    }
    return null;
  };
}

/** The moving forms: the moved element, or null when the source is empty. */
function move(argvOf: (argv: readonly ByteString[]) => ByteString[]) {
  return (argv: readonly ByteString[], run: RunCommand): Reply => run(argvOf(argv));
}

/** Blocking commands by lower-case name. */
export const BLOCKING_COMMANDS: ReadonlyMap<string, BlockingCommand> = new Map(
  (
    [
    { name: 'blpop', timeoutIndex: -1, waitKeys: allButLast, fallback: { arity: -3, shape: 'array', run: popFirst('LPOP') } },
    { name: 'brpop', timeoutIndex: -1, waitKeys: allButLast, fallback: { arity: -3, shape: 'array', run: popFirst('RPOP') } },
    { name: 'bzpopmin', timeoutIndex: -1, waitKeys: allButLast, fallback: { arity: -3, shape: 'keyedScore', run: popFirst('ZPOPMIN') } },
    { name: 'bzpopmax', timeoutIndex: -1, waitKeys: allButLast, fallback: { arity: -3, shape: 'keyedScore', run: popFirst('ZPOPMAX') } },
    { name: 'brpoplpush', timeoutIndex: 3, waitKeys: firstKey, fallback: { arity: 4, shape: 'bulk', run: move((argv) => ['RPOPLPUSH', argv[1]!, argv[2]!]) } },
    { name: 'blmove', timeoutIndex: 5, waitKeys: firstKey, fallback: { arity: 6, shape: 'bulk', run: move((argv) => ['LMOVE', ...argv.slice(1, 5)]) } },
    { name: 'blmpop', timeoutIndex: 1, waitKeys: numberedKeys },
    { name: 'bzmpop', timeoutIndex: 1, waitKeys: numberedKeys },
    ] satisfies BlockingCommand[]
  ).map((command) => [command.name, command]),
);

/**
 * Redis's blocking timeout (seconds, fractions allowed) in milliseconds; 0 means forever.
 *
 * @example
 * ```ts
 * blockingTimeout('0.5'); // 500
 * blockingTimeout('-1');  // throws ReplyError: ERR timeout is negative
 * ```
 */
export function blockingTimeout(text: ByteString): number {
  const seconds = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(seconds) || seconds * 1000 > Number.MAX_SAFE_INTEGER) throw new ReplyError('ERR timeout is not a float or out of range');
  if (seconds < 0) throw new ReplyError('ERR timeout is negative');
  return Math.ceil(seconds * 1000);
}
