import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../support/redisServer.js';
import { RespClient, type RespReply } from '../../../support/RespClient.js';

/** A redis-server 7.0 process on 127.0.0.1 that tests can stop, kill and restart on the same port. */
export interface RedisProcess {
  readonly port: number;
  /** Runs one command on a fresh connection. */
  call(argv: readonly (string | Uint8Array)[]): Promise<RespReply>;
  /** One field of INFO replication (or any section). */
  info(field: string, section?: string): Promise<string | undefined>;
  /** SIGKILL (no goodbye to its master). */
  kill(): Promise<void>;
  /** Deletes its dump.rdb (a restart then has no cached master). */
  removeDump(): Promise<void>;
  /** Starts again on the same port with the same arguments. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** What it logged (stdout). */
  readonly log: string[];
}

/**
 * Starts `redis-server` with `extra` arguments (e.g. `--replicaof 127.0.0.1 <port>`), no
 * persistence, its own temporary directory, and waits until it answers PING.
 *
 * @example
 * ```ts
 * const replica = await startRedisProcess(['--replicaof', '127.0.0.1', String(leaderPort)]);
 * await replica.info('master_link_status'); // 'up' eventually
 * ```
 */
export async function startRedisProcess(extra: readonly string[] = []): Promise<RedisProcess> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'forkless-redis-'));
  const log: string[] = [];
  let child: ChildProcess | null = null;
  const launch = async () => {
    child = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extra], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) =>
      log.push(
        ...chunk
          .toString()
          .split('\n')
          .filter((line) => line !== ''),
      ),
    );
    await waitForPing(port, child);
  };
  const call = async (argv: readonly (string | Uint8Array)[]) => {
    const client = await RespClient.connect(port);
    try {
      return await client.call(argv);
    } finally {
      client.close();
    }
  };
  await launch();
  return {
    port,
    log,
    call,
    info: async (field, section = 'replication') => {
      const text = String(await call(['INFO', section]));
      return new RegExp(`^${field}:(.*)\\r?$`, 'm').exec(text)?.[1]?.trim();
    },
    kill: () => stopProcess(child!, 'SIGKILL'),
    restart: launch,
    removeDump: () => rm(join(dir, 'dump.rdb'), { force: true }),
    stop: async () => {
      await stopProcess(child!, 'SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPing(port: number, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited early (port ${port})`);
    try {
      const client = await RespClient.connect(port);
      await client.call(['PING']);
      client.close();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  throw new Error(`redis-server did not answer on port ${port}`);
}

function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}
