import { createServer, type AddressInfo, type Server } from 'node:net';
import type { Keyspace } from '../../../../lib/keyspace/Keyspace.js';
import { RedisLeader } from '../../../../lib/replication/redis/RedisLeader.js';
import type { RedisLeaderOptions } from '../../../../lib/replication/redis/RedisLeaderOptions.js';

/** A {@link RedisLeader} listening on 127.0.0.1 by itself (no RESP server in front). */
export interface ListeningLeader {
  readonly leader: RedisLeader;
  readonly port: number;
  readonly log: string[];
  close(): Promise<void>;
}

export async function listenLeader(keyspace: Keyspace, options: RedisLeaderOptions = {}): Promise<ListeningLeader> {
  const log: string[] = [];
  const leader = new RedisLeader(keyspace, { pingPeriodMs: 60_000, log: (line) => log.push(line), ...options });
  const server: Server = createServer((socket) => leader.accept(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    leader,
    log,
    port: (server.address() as AddressInfo).port,
    close: async () => {
      leader.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
