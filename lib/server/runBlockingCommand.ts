import type { ByteString } from '../keyspace/byteString.js';
import { portableArguments } from './portableArguments.js';
import type { Reply, ReplyShape } from '../keyspace/commandTable.js';
import { ReplyError } from '../keyspace/ReplyError.js';
import { BLOCKING_COMMANDS, blockingTimeout } from './blockingCommands.js';
import type { Client } from './Client.js';
import { shapeOf, type ResolvedCommand } from './resolveCommand.js';
import type { Server } from './Server.js';
import { writeReply } from './writeReply.js';

const BINARY = { encoding: 'binary' } as const;

/**
 * Runs a blocking command (BLPOP, BLMOVE, BZPOPMIN, …): served at once when it can be (the
 * keyspace executes, and propagates, the non-blocking form); otherwise the client blocks on its
 * source keys until a write makes one ready, its timeout passes or CLIENT UNBLOCK ends it. Inside
 * MULTI it never blocks. The returned promise holds the client's later requests.
 *
 * @example
 * ```ts
 * runBlockingCommand(server, client, ['BLPOP', 'queue', '5'], resolved, false); // blocks up to 5 s
 * ```
 */
export function runBlockingCommand(server: Server, client: Client, args: readonly ByteString[], resolved: ResolvedCommand, inTransaction: boolean): void | Promise<void> {
  const blocking = BLOCKING_COMMANDS.get(args[0]!.toLowerCase())!;
  let timeoutMs: number;
  try {
    timeoutMs = blockingTimeout(args.at(blocking.timeoutIndex)!);
  } catch (error) {
    client.writer.error((error as ReplyError).message);
    server.stats.errorReplies++;
    return;
  }
  const shape: ReplyShape = resolved.kind === 'keyspace' ? shapeOf(resolved.command, args) : blocking.fallback!.shape;
  const run = (): Reply => {
    if (resolved.kind === 'keyspace') return client.session.execute(portableArguments(args), BINARY);
    return blocking.fallback!.run(args, (argv) => client.session.execute(portableArguments(argv), BINARY));
  };
  /** Writes the reply and returns true when served; a retry that fails stays blocked. */
  const attempt = (retry: boolean): boolean => {
    try {
      const reply = run();
      if (reply === null && !inTransaction) return false;
      writeReply(client.writer, reply, shape);
    } catch (error) {
      if (!(error instanceof ReplyError) || retry) return false;
      server.stats.errorReplies++;
      client.writer.error(error.message);
    }
    return true;
  };
  if (attempt(false)) return;
  return new Promise<void>((resolve) => {
    server.blocking.block(client, client.session.db, blocking.waitKeys(args), timeoutMs, () => attempt(true), (how) => {
      if (how === 'timeout') client.writer.nil(true);
      else if (how === 'error') client.writer.error('UNBLOCKED client unblocked via CLIENT UNBLOCK');
      client.scheduleFlush();
      resolve();
    });
  });
}
