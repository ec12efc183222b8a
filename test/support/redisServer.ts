import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { RespClient } from './RespClient.js';

/** A throwaway `redis-server` on 127.0.0.1 for differential tests. */
export interface RedisServer {
  readonly port: number;
  /** Kills the server process. */
  stop(): Promise<void>;
}

/** Finds a free TCP port on 127.0.0.1 by binding port 0 and releasing it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `redis-server` (found on PATH) without persistence on a free loopback port and waits until it
 * answers PING. `extraArgs` are appended (e.g. `--dir`, `--dbfilename` to load or write an RDB file).
 *
 * @example
 * ```ts
 * const redis = await startRedisServer();
 * const client = await RespClient.connect(redis.port);
 * await redis.stop();
 * ```
 */
export async function startRedisServer(binary = 'redis-server', extraArgs: readonly string[] = []): Promise<RedisServer> {
  const port = await freePort();
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extraArgs], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let exited = false;
  let failure: Error | null = null;
  child.once('exit', () => (exited = true));
  child.once('error', (error) => ((failure = error), (exited = true)));
  for (let attempt = 0; attempt < 100; attempt++) {
    if (failure !== null) throw new Error(`cannot start ${binary} (is it on PATH? apt-get install redis-server): ${(failure as Error).message}`);
    if (exited) throw new Error(`redis-server exited early (port ${port})`);
    try {
      const client = await RespClient.connect(port);
      await client.call(['PING']);
      client.close();
      return { port, stop: () => stopProcess(child) };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  await stopProcess(child);
  throw new Error(`redis-server did not answer on port ${port}`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
