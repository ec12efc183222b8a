import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadSnapshot } from '../../lib/snapshot/loadSnapshot.js';
import type { Server } from '../../lib/server/Server.js';
import { startTestServer } from './support/serverFixtures.js';

const run = promisify(execFile);
let server: Server;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

const cli = async (...args: string[]) => (await run('redis-cli', ['-p', String(server.port), ...args])).stdout;

describe("Debian's redis-cli and redis-benchmark against the forkless server", () => {
  it('redis-cli: RESP2 and RESP3 replies, as it prints them', async () => {
    await cli('HSET', 'h', 'f', 'v');
    await cli('ZADD', 'z', '1.5', 'm');
    expect(await cli('HGETALL', 'h')).toBe('f\nv\n');
    expect(await cli('-3', 'ZSCORE', 'z', 'm')).toBe('1.5\n');
    expect(await cli('--no-raw', '-3', 'HGETALL', 'h')).toBe('1# "f" => "v"\n');
    expect(await cli('--no-raw', '-3', 'ZRANGE', 'z', '0', '-1', 'WITHSCORES')).toBe('1) 1) "m"\n   2) (double) 1.5\n');
    expect(await cli('--no-raw', 'LPOP', 'nothing', '3')).toBe('(nil)\n');
    expect(await cli('--no-raw', 'SET', 'k', 'v')).toBe('OK\n');
  });

  it('redis-cli --pipe (mass insertion in RESP) and --scan', async () => {
    const input = Array.from({ length: 1000 }, (_, index) => `SET pipe:${index} ${index}\r\n`).join('');
    const child = execFile('redis-cli', ['-p', String(server.port), '--pipe']);
    child.stdin!.end(input);
    const output = await new Promise<string>((resolve) => {
      let text = '';
      child.stdout!.on('data', (chunk) => (text += chunk));
      child.on('exit', () => resolve(text));
    });
    expect(output).toMatch(/errors: 0, replies: 1000/);
    expect((await cli('--scan', '--pattern', 'pipe:*')).trim().split('\n')).toHaveLength(1000);
  });

  it('redis-benchmark runs SET/GET pipelined and not, with every request answered', async () => {
    for (const pipeline of ['1', '16']) {
      const { stdout } = await run('redis-benchmark', ['-p', String(server.port), '-t', 'set,get', '-n', '2000', '-c', '4', '-P', pipeline, '-q']);
      expect(stdout).toMatch(/SET: [\d.]+ requests per second/);
      expect(stdout).toMatch(/GET: [\d.]+ requests per second/);
    }
    expect(server.keyspace.execute(['STRLEN', 'key:__rand_int__'])).toBe(3);
    const stats = await cli('INFO', 'commandstats');
    expect(stats).toMatch(/\r\ncmdstat_get:calls=4000,usec=\d+,usec_per_call=[\d.]+,rejected_calls=0,failed_calls=0\r\n/);
    expect(stats).toMatch(/\r\ncmdstat_set:calls=5001,/);
  });
  it('redis-cli --rdb, --functions-rdb and --replica: SYNC without +FULLRESYNC, REPLCONF rdb-only and rdb-filter-only', async () => {
    await cli('FLUSHALL');
    for (let index = 0; index < 20; index++) await cli('SET', `rdb:${index}`, String(index));
    await cli('RPUSH', 'rdb:list', 'a', 'b');
    const directory = await mkdtemp(join(tmpdir(), 'forkless-cli-rdb-'));
    try {
      const full = join(directory, 'full.rdb');
      const fetched = await run('redis-cli', ['-p', String(server.port), '--rdb', full]);
      expect(fetched.stderr).toContain('Transfer finished with success');
      expect(fetched.stderr).not.toMatch(/error/i);
      await run('redis-check-rdb', [full]);
      expect((await loadSnapshot(full)).dbsize(0)).toBe(21);
      const functions = join(directory, 'functions.rdb');
      expect((await run('redis-cli', ['-p', String(server.port), '--functions-rdb', functions])).stderr).toContain('Transfer finished with success');
      expect((await loadSnapshot(functions)).dbsize(0)).toBe(0); // no functions here, and no data asked for
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
    // --replica: an RDB without data, then the stream, printed command by command.
    // stdbuf: redis-cli prints the stream with stdio, block-buffered into a pipe.
    const replica = spawn('stdbuf', ['-oL', 'redis-cli', '-p', String(server.port), '--replica']);
    let printed = '';
    replica.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    replica.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    try {
      await vi.waitFor(() => expect(printed).toContain('Logging commands from master'), { timeout: 10_000, interval: 20 });
      await cli('SET', 'streamed', 'yes');
      await vi.waitFor(() => expect(printed).toContain('"SET","streamed","yes"'), { timeout: 10_000, interval: 20 });
      expect(printed).not.toMatch(/error/i);
    } finally {
      replica.kill();
    }
  });
});
