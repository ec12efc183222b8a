import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { RedisProcess } from './RedisProcess.js';

/** A redis-server that loaded an RDB at start, and what the load cost it. */
export interface RedisLoad {
  readonly redis: RedisProcess;
  /** Redis's own figure: its RDB load, start to "DB loaded from disk" (ms precision). */
  readonly loadMs: number;
  /** CPU time of the whole server from its start to the end of the load, ms. */
  readonly cpuMs: number;
}

const LOADED = /DB loaded from disk: (\d+(?:\.\d+)?) seconds/g;
const LOG_WAIT_MS = 5000;

/**
 * The seconds of the last "DB loaded from disk: 1.234 seconds" line of a redis-server log, or null.
 *
 * @example
 * ```ts
 * parseRedisLoadSeconds('1:M 06 Dec 2026 23:00:00.000 * DB loaded from disk: 0.052 seconds\n'); // 0.052
 * ```
 */
export function parseRedisLoadSeconds(log: string): number | null {
  const last = [...log.matchAll(LOADED)].at(-1);
  return last === undefined ? null : Number(last[1]);
}

/**
 * Rewrites `<directory>/<name>.rdb` (an RDB forkless saved, with `keys` keys) as redis-server itself
 * writes that data: a redis-server loads it and SAVEs over it with its own encodings (listpacks,
 * intsets, LZF).
 *
 * @example
 * ```ts
 * await resaveWithRedis(directory, 'strings', 1_000_000); // then startRedisOnRdb(directory, 'strings', …)
 * ```
 */
export async function resaveWithRedis(directory: string, name: string, keys: number): Promise<void> {
  const seed = await startRedisOnRdb(directory, name, keys);
  try {
    await seed.redis.call(['SAVE']);
  } finally {
    await seed.redis.stop();
  }
}

/**
 * Starts a redis-server on `<directory>/<name>.rdb`, waits until it has loaded it with `keys` keys,
 * and reads the load time from its log. The caller stops the server.
 *
 * @example
 * ```ts
 * const { redis, loadMs, cpuMs } = await startRedisOnRdb(directory, 'strings', 1_000_000);
 * ```
 */
export async function startRedisOnRdb(directory: string, name: string, keys: number, extraArguments: readonly string[] = []): Promise<RedisLoad> {
  const logPath = join(directory, `${name}.log`);
  await rm(logPath, { force: true });
  const redis = await RedisProcess.start(directory, name, ['--logfile', logPath, ...extraArguments]);
  try {
    await redis.waitFor('persistence', (fields) => fields.get('loading') === '0');
    const cpuMs = await redis.cpuMs();
    const loaded = Number(await redis.call(['DBSIZE']));
    if (loaded !== keys) throw new Error(`redis-server loaded ${loaded} keys from ${name}.rdb, expected ${keys}`);
    return { redis, loadMs: (await loggedLoadSeconds(logPath)) * 1000, cpuMs };
  } catch (error) {
    await redis.stop();
    throw error;
  }
}

/** Reads the load line from the log, polling briefly in case the file lags behind INFO. */
async function loggedLoadSeconds(logPath: string): Promise<number> {
  const until = Date.now() + LOG_WAIT_MS;
  for (;;) {
    const seconds = parseRedisLoadSeconds(await readFile(logPath, 'latin1'));
    if (seconds !== null) return seconds;
    if (Date.now() > until) throw new Error(`redis-server logged no "DB loaded from disk" line in ${logPath}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
