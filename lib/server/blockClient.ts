import type { ByteString } from '../keyspace/byteString.js';
import type { CommandSpecification } from '../keyspace/commandTable.js';
import { parseTimeout } from '../keyspace/commands/blockingTimeout.js';
import type { BlockedAttempt, BlockingRegistry } from './BlockingRegistry.js';
import type { Client } from './Client.js';

/**
 * Blocks a client on a `blocking` keyspace command the keyspace could not serve (it answered the
 * timeout reply): the client waits on the command's wait keys until a write makes one ready and
 * `attempt` (the same command run again) serves it, its timeout passes on the registry's
 * scheduler (null array, as Redis 7.0) or CLIENT UNBLOCK ends it. The keyspace already parsed and
 * checked the arguments. The promise holds the client's later requests until the block ends.
 *
 * @example
 * ```ts
 * await blockClient(registry, client, commandTable.get('blpop')!, ['BLPOP', 'q', '5'], () => tryAgain()); // up to 5 s
 * ```
 */
export function blockClient(
  registry: BlockingRegistry<Client>,
  client: Client,
  command: CommandSpecification,
  argv: readonly ByteString[],
  attempt: BlockedAttempt,
): Promise<void> {
  const { timeoutIndex, keys } = command.blocking!;
  const timeoutMs = parseTimeout(argv.at(timeoutIndex)!, 'seconds');
  const db = client.session.db;
  return new Promise<void>((resolve) => {
    registry.block(
      client,
      db,
      keys(argv, db).map(({ key }) => key),
      timeoutMs,
      attempt,
      (how) => {
        if (how === 'timeout') client.writer.nil(true);
        else if (how === 'error') client.writer.error('UNBLOCKED client unblocked via CLIENT UNBLOCK');
        client.scheduleFlush();
        resolve();
      },
    );
  });
}
