import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { BehaviorSubject, tap, type Subscription } from 'rxjs';
import { bgIterationPacked } from '../../iteration/bgIteration.js';
import type { CommandItem } from '../../keyspace/IterationItem.js';
import type { Keyspace } from '../../keyspace/Keyspace.js';
import { rdbChunks } from '../../rdb/rdbChunks.js';
import type { NormalizedRedisLeaderOptions } from './RedisLeaderOptions.js';

/** What a full-sync transfer reports to its session. */
export interface RdbTransferEvents {
  /** A write after T0, forwarded by the iteration, in order (with its unit, for MULTI/EXEC). */
  command(item: CommandItem): void;
  /** The RDB and its closing EOF mark are written to the socket. */
  done(): void;
  failed(error: unknown): void;
}

/** Above this many unsent bytes on the socket, the iteration's cursor pauses. */
const SOCKET_HIGH_WATER = 1024 * 1024;

/**
 * Sends a full sync's payload as a diskless Redis master does, `$EOF:<40 hex>` + RDB + the same 40
 * hex, from a consistent + replication bgIteration taken now (T0): its entries, the keyspace at
 * T0 with T0 database numbers, are written incrementally as RDB v9 (`repl-id`/`repl-offset` =
 * `replicationId`/`offset`); the writes it forwards after T0 go to `events.command`, to be sent
 * after the RDB. The cursor pauses while the socket holds over 1 MiB; writers never wait.
 *
 * @example
 * ```ts
 * const offset = stream.startFullSync();
 * const transfer = transferRdb(ks, socket, stream.replicationId, offset, options, events);
 * transfer.unsubscribe(); // cancels it
 * ```
 */
export function transferRdb(
  keyspace: Keyspace,
  socket: Socket,
  replicationId: string,
  offset: number,
  options: NormalizedRedisLeaderOptions,
  events: RdbTransferEvents,
): Subscription {
  const mark = randomBytes(20).toString('hex');
  const congested = new BehaviorSubject(false);
  const write = (chunk: Buffer) => {
    socket.write(chunk);
    if (socket.writableLength > SOCKET_HIGH_WATER && !congested.value) congested.next(true);
  };
  const drained = () => {
    if (congested.value && socket.writableLength <= SOCKET_HIGH_WATER) congested.next(false);
  };
  socket.on('drain', drained);
  socket.write(`$EOF:${mark}\r\n`);
  const header = { createdAt: keyspace.clock(), replicationId, replicationOffset: offset };
  const subscription = bgIterationPacked(keyspace, { ...options.iteration, consistent: true, replication: true, backpressure$: congested })
    .pipe(
      tap((item) => item.kind === 'command' && events.command(item)),
      rdbChunks(header, (db) => ({ keys: keyspace.dbsize(db), expires: 0 })),
    )
    .subscribe({
      next: write,
      complete: () => {
        socket.write(mark);
        events.done();
      },
      error: (error: unknown) => events.failed(error),
    });
  subscription.add(() => socket.off('drain', drained));
  return subscription;
}
