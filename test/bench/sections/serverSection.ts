import { execFile, spawnSync } from 'node:child_process';
import { createServer, type Server as NetServer } from 'node:net';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { saveSnapshot } from '../../../lib/snapshot/saveSnapshot.js';
import type { BenchContext } from '../BenchContext.js';
import { compared, plain, type BenchRow } from '../BenchRow.js';
import { startForklessServer } from '../forklessServerProcess.js';
import { RedisProcess } from '../RedisProcess.js';
import { loadIntoRedis } from '../RedisWriter.js';
import { RespClient } from '../../support/RespClient.js';

const run = promisify(execFile);

/** One redis-benchmark run of one command: requests per second and p99 latency. */
interface Throughput {
  readonly rps: number;
  readonly p99Ms: number;
}

/** A server under test, reached over RESP on 127.0.0.1. */
interface Target {
  readonly name: string;
  readonly port: number;
  readonly client: RespClient;
}

/**
 * Runs `redis-benchmark -t set,get` against a port; the figures are parsed from its CSV output.
 *
 * @example
 * ```ts
 * await benchmark(6379, 16, 100_000); // { set: { rps, p99Ms }, get: { … } }
 * ```
 */
async function benchmark(port: number, pipeline: number, requests: number): Promise<{ set: Throughput; get: Throughput }> {
  const args = ['-h', '127.0.0.1', '-p', String(port), '-t', 'set,get', '-n', String(requests), '-c', '50', '-P', String(pipeline), '-r', '100000', '-d', '100', '--csv', '-q'];
  const { stdout } = await run('redis-benchmark', args, { maxBuffer: 1 << 20 });
  const rows = new Map(
    stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',').map((field) => field.replace(/"/g, '')))
      .map((fields) => [fields[0]!, { rps: Number(fields[1]), p99Ms: Number(fields[6]) }]),
  );
  return { set: rows.get('SET')!, get: rows.get('GET')! };
}

/**
 * The ceiling of Node's networking on this machine: a server that parses nothing and answers
 * `+OK` per request (it counts `*` bytes), measured like the real ones.
 */
async function startEchoServer(): Promise<NetServer> {
  const echo = createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      let requests = 0;
      for (const byte of chunk) if (byte === 0x2a) requests++;
      socket.write('+OK\r\n'.repeat(requests));
    });
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  return echo;
}

/** Whether the server has no BGSAVE running (INFO persistence). */
async function bgsaveIdle(target: Target): Promise<boolean> {
  return String(await target.client.call(['INFO', 'persistence'])).includes('rdb_bgsave_in_progress:0');
}

const pollPause = () => new Promise((resolve) => setTimeout(resolve, 10));

/** Runs `work` while BGSAVE is kept running back to back; returns its result and the number of saves started. */
async function duringBgsave<T>(target: Target, work: () => Promise<T>): Promise<{ result: T; saves: number }> {
  let done = false;
  let saves = 0;
  const loop = (async () => {
    while (!done) {
      if (await bgsaveIdle(target)) {
        await target.client.call(['BGSAVE']);
        saves++;
      }
      await pollPause();
    }
  })();
  const result = await work();
  done = true;
  await loop;
  // The last save ends before the next phase (and before the server stops: a redis BGSAVE child
  // outlives its killed parent and would write into the bench directory as it is removed).
  while (!(await bgsaveIdle(target))) await pollPause();
  return { result, saves };
}

/** The best of `rounds` runs (the machine is shared: the best run is the least disturbed). */
async function best(rounds: number, measure: () => Promise<{ set: Throughput; get: Throughput }>): Promise<{ set: Throughput; get: Throughput }> {
  let top: { set: Throughput; get: Throughput } | undefined;
  for (let round = 0; round < rounds; round++) {
    const next = await measure();
    top = top === undefined ? next : { set: next.set.rps > top.set.rps ? next.set : top.set, get: next.get.rps > top.get.rps ? next.get : top.get };
  }
  return top!;
}

/**
 * Section "server": redis-benchmark as the client of a `forkless server` process and of
 * redis-server in the same run, each a process of its own holding the bench dataset: SET/GET
 * throughput and p99 with `-P 16` and `-P 1`, and throughput while BGSAVE runs back to back
 * (forkless: a consistent bgIteration; redis: fork). Ratios are forkless / redis, and
 * during-BGSAVE / without for each server. A do-nothing Node server measured the same way shows
 * the ceiling of Node's networking here, its throughput and its p99.
 *
 * @example
 * ```ts
 * const rows = await serverSection(context);
 * ```
 */
export async function serverSection(context: BenchContext): Promise<BenchRow[]> {
  for (const binary of ['redis-server', 'redis-benchmark']) {
    if (spawnSync(binary, ['--version']).status !== 0) return [plain('server', `${binary} not on PATH: section skipped`, 0, '')];
  }
  const { dataset, directory, options } = context;
  const rounds = options.quick ? 1 : 3;
  const requests = { pipelined: options.quick ? 200_000 : 1_000_000, single: options.quick ? 50_000 : 200_000 };
  const redis = await RedisProcess.start(directory, 'server-section');
  // Each server is a process of its own that loaded the dataset (redis-benchmark then writes its
  // own keys): forkless's heap holds what redis's memory holds, not the bench's other data.
  await lastValueFrom(saveSnapshot(dataset.keyspace, join(directory, 'server-section.fkl')));
  const server = await startForklessServer(['--port', '0', '--dir', directory, '--dbfilename', 'server-section.fkl', '--save', '']);
  const targets: Target[] = [
    { name: 'forkless', port: server.port, client: await RespClient.connect(server.port) },
    { name: 'redis', port: redis.port, client: await RespClient.connect(redis.port) },
  ];
  try {
    await loadIntoRedis(dataset.keyspace, redis.port);
    const results = new Map<string, Record<'p16' | 'p1' | 'bgsave', { set: Throughput; get: Throughput }>>();
    const saves = new Map<string, number>();
    for (const target of targets) results.set(target.name, {} as never);
    // Interleaved, so both servers see the same machine load.
    for (const target of targets) results.get(target.name)!.p16 = await best(rounds, () => benchmark(target.port, 16, requests.pipelined));
    for (const target of targets) results.get(target.name)!.p1 = await best(rounds, () => benchmark(target.port, 1, requests.single));
    const echo = await startEchoServer();
    const echoPort = (echo.address() as { port: number }).port;
    const ceiling = { p16: await best(rounds, () => benchmark(echoPort, 16, requests.pipelined)), p1: await best(rounds, () => benchmark(echoPort, 1, requests.single)) };
    echo.close();
    for (const target of targets) {
      const during = await duringBgsave(target, () => best(rounds, () => benchmark(target.port, 16, requests.pipelined)));
      results.get(target.name)!.bgsave = during.result;
      saves.set(target.name, during.saves);
    }
    const rows = rowsOf(context, results.get('forkless')!, results.get('redis')!, saves);
    rows.push(compared('server', 'Node echo ceiling SET -P 16', ceiling.p16.set.rps, 'ops/s', 'redis-server', results.get('redis')!.p16.set.rps));
    rows.push(compared('server', 'Node echo ceiling SET -P 1', ceiling.p1.set.rps, 'ops/s', 'redis-server', results.get('redis')!.p1.set.rps));
    rows.push(compared('server', 'Node echo ceiling SET -P 1 p99', ceiling.p1.set.p99Ms, 'ms', 'redis-server', results.get('redis')!.p1.set.p99Ms));
    rows.push(compared('server', 'Node echo ceiling SET -P 16 p99', ceiling.p16.set.p99Ms, 'ms', 'redis-server', results.get('redis')!.p16.set.p99Ms));
    return rows;
  } finally {
    for (const target of targets) target.client.close();
    server.process.child.kill('SIGKILL');
    await server.process.exited;
    await redis.stop();
  }
}

type Results = Record<'p16' | 'p1' | 'bgsave', { set: Throughput; get: Throughput }>;

function rowsOf(context: BenchContext, forkless: Results, redis: Results, saves: Map<string, number>): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const command of ['set', 'get'] as const) {
    const name = command.toUpperCase();
    rows.push(compared('server', `${name} -P 16`, forkless.p16[command].rps, 'ops/s', 'redis-server', redis.p16[command].rps));
    rows.push(compared('server', `${name} -P 1`, forkless.p1[command].rps, 'ops/s', 'redis-server', redis.p1[command].rps));
    rows.push(compared('server', `${name} -P 1 p99`, forkless.p1[command].p99Ms, 'ms', 'redis-server', redis.p1[command].p99Ms));
    rows.push(compared('server', `${name} -P 16 p99`, forkless.p16[command].p99Ms, 'ms', 'redis-server', redis.p16[command].p99Ms));
    rows.push(compared('server', `${name} -P 16 during BGSAVE`, forkless.bgsave[command].rps, 'ops/s', 'forkless without', forkless.p16[command].rps));
    rows.push(compared('server', `redis ${name} -P 16 during BGSAVE`, redis.bgsave[command].rps, 'ops/s', 'redis without', redis.p16[command].rps));
  }
  rows.push(plain('server', 'BGSAVEs started (forkless)', saves.get('forkless') ?? 0, ''));
  rows.push(plain('server', 'BGSAVEs started (redis)', saves.get('redis') ?? 0, ''));
  const ratio = (a: number, b: number) => a / b;
  context.figures.set('server.p16', Math.min(ratio(forkless.p16.set.rps, redis.p16.set.rps), ratio(forkless.p16.get.rps, redis.p16.get.rps)));
  context.figures.set('server.p1', Math.min(ratio(forkless.p1.set.rps, redis.p1.set.rps), ratio(forkless.p1.get.rps, redis.p1.get.rps)));
  context.figures.set('server.p99', Math.max(ratio(forkless.p1.set.p99Ms, redis.p1.set.p99Ms), ratio(forkless.p1.get.p99Ms, redis.p1.get.p99Ms)));
  context.figures.set('server.bgsave', Math.min(ratio(forkless.bgsave.set.rps, forkless.p16.set.rps), ratio(forkless.bgsave.get.rps, forkless.p16.get.rps)));
  return rows;
}
