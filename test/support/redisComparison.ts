import { Keyspace, type KeyspaceOptions } from '../../lib/keyspace/Keyspace.js';
import { startRedisServer, type RedisServer } from './redisServer.js';
import { captureKeyspace, fromResp, type Comparable } from './replyComparison.js';
import { RespClient } from './RespClient.js';

/**
 * A redis-server and a keyspace side by side for targeted semantic tests: `both(argv)` runs the
 * command on each and returns both replies (errors as `{ error }`).
 *
 * @example
 * ```ts
 * const sides = await RedisComparison.start();
 * const [redis, keyspace] = await sides.both(['SETBIT', 'k', '7', '1']);
 * await sides.stop();
 * ```
 */
export class RedisComparison {
  private constructor(
    private readonly server: RedisServer,
    private readonly client: RespClient,
    readonly keyspace: Keyspace,
  ) {}

  static async start(options: KeyspaceOptions = {}): Promise<RedisComparison> {
    const server = await startRedisServer();
    const client = await RespClient.connect(server.port);
    return new RedisComparison(server, client, new Keyspace(options));
  }

  async redis(argv: readonly string[]): Promise<Comparable> {
    return fromResp(await this.client.call(argv.map((argument) => Buffer.from(argument, 'latin1'))));
  }

  local(argv: readonly string[]): Comparable {
    return captureKeyspace(() =>
      this.keyspace.execute(
        argv.map((argument) => Buffer.from(argument, 'latin1')),
        { encoding: 'binary' },
      ),
    );
  }

  async both(argv: readonly string[]): Promise<[Comparable, Comparable]> {
    return [await this.redis(argv), this.local(argv)];
  }

  async reset(): Promise<void> {
    await this.redis(['FLUSHALL']);
    this.local(['FLUSHALL']);
  }

  async stop(): Promise<void> {
    this.client.close();
    await this.server.stop();
  }
}
