import { spawn, type ChildProcess } from 'node:child_process';
import { RespClient, RespError } from '../support/RespClient.js';
import { freePort } from '../support/redisServer.js';

/**
 * A `redis-server` child for the comparison section: loopback only, no automatic saves, RDB
 * written to `directory`; `info` reads INFO fields as numbers or text.
 *
 * @example
 * ```ts
 * const redis = await RedisProcess.start('/tmp/bench');
 * await redis.call(['BGSAVE']);
 * await redis.stop();
 * ```
 */
export class RedisProcess {
  private constructor(
    readonly port: number,
    private readonly child: ChildProcess,
    private readonly client: RespClient,
  ) {}

  /** Starts a server with `extraArguments` and waits until it answers PING. */
  static async start(directory: string, name: string, extraArguments: readonly string[] = []): Promise<RedisProcess> {
    const port = await freePort();
    const settings = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', directory, '--dbfilename', `${name}.rdb`];
    const child = spawn('redis-server', [...settings, ...extraArguments], { stdio: 'ignore' });
    for (let attempt = 0; attempt < 100; attempt++) {
      if (child.exitCode !== null) break;
      try {
        const client = await RespClient.connect(port);
        await client.call(['PING']);
        return new RedisProcess(port, child, client);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    child.kill('SIGKILL');
    throw new Error(`redis-server did not start on port ${port}`);
  }

  /** Runs one command; error replies throw. */
  async call(argv: readonly string[]): Promise<unknown> {
    const reply = await this.client.call(argv);
    if (reply instanceof RespError) throw new Error(`redis ${argv[0]}: ${reply.message}`);
    return reply;
  }

  /** The fields of `INFO section`. */
  async info(section: string): Promise<Map<string, string>> {
    const text = String(await this.call(['INFO', section]));
    return new Map(
      text
        .split('\r\n')
        .filter((line) => line.includes(':'))
        .map((line) => line.split(':', 2) as [string, string]),
    );
  }

  /** One numeric INFO field. */
  async infoNumber(section: string, field: string): Promise<number> {
    const value = (await this.info(section)).get(field);
    if (value === undefined) throw new Error(`INFO ${section} has no ${field}`);
    return Number(value);
  }

  /**
   * CPU time the server and its finished children (BGSAVE, diskless sync: counted once reaped) used
   * since it started, from INFO cpu, ms.
   */
  async cpuMs(): Promise<number> {
    const cpu = await this.info('cpu');
    const fields = ['used_cpu_user', 'used_cpu_sys', 'used_cpu_user_children', 'used_cpu_sys_children'];
    return fields.reduce((sum, field) => sum + Number(cpu.get(field)), 0) * 1000;
  }

  /** Polls `INFO section` every 5 ms until `done` accepts it. */
  async waitFor(section: string, done: (fields: Map<string, string>) => boolean, limitMs = 120_000): Promise<void> {
    const until = Date.now() + limitMs;
    while (!done(await this.info(section))) {
      if (Date.now() > until) throw new Error(`redis: INFO ${section} condition not met within ${limitMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Stops the server (no save on shutdown). */
  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }
}
