import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServerArguments } from '../../lib/cli/serverCommand.js';
import { startRedisProcess } from '../replication/redis/support/redisProcess.js';
import { waitFor } from '../replication/support/waitFor.js';

const run = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(repositoryRoot, 'bin', 'forkless.js');

let directory: string;
beforeAll(async () => (directory = await mkdtemp(join(tmpdir(), 'forkless-server-cli-'))));
afterAll(() => rm(directory, { recursive: true, force: true }));

/** Starts `forkless server …` and resolves once it prints its port. */
function startCli(...args: string[]): Promise<{ child: ChildProcess; port: number; exited: Promise<number | null>; output: () => string }> {
  const child = spawn(process.execPath, [bin, 'server', ...args], { cwd: repositoryRoot });
  let stdout = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk) => (stdout += chunk));
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening on [^:]+:(\d+)/.exec(stdout);
      if (match !== null) resolve({ child, port: Number(match[1]), exited, output: () => stdout });
    });
    void exited.then((code) => reject(new Error(`exited ${code}: ${stdout}`)));
  });
}

const cli = (port: number, ...args: string[]) => run('redis-cli', ['-p', String(port), ...args]).then(({ stdout }) => stdout.trim());

describe('forkless server CLI', () => {
  it('reads redis-server style flags', () => {
    expect(parseServerArguments(['conf', '--port', '7000', '--save', '900', '1', '300', '10', '--save-empty', ''])).toEqual({
      file: 'conf',
      directives: { port: '7000', save: '900 1 300 10', 'save-empty': '' },
    });
  });

  it('serves redis-cli, saves on SHUTDOWN and loads the snapshot at the next start', async () => {
    const first = await startCli('--port', '0', '--dir', directory, '--save', '');
    expect(await cli(first.port, 'SET', 'greeting', 'hello')).toBe('OK');
    await cli(first.port, 'SHUTDOWN', 'SAVE').catch(() => undefined);
    expect(await first.exited).toBe(0);
    const second = await startCli('--port', '0', '--dir', directory, '--save', '');
    expect(second.output()).toMatch(/1 keys in db 0/);
    expect(await cli(second.port, 'GET', 'greeting')).toBe('hello');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('takes a redis.conf-style file, saves on SIGTERM when save rules are set, and rejects bad directives', async () => {
    const conf = join(directory, 'forkless.conf');
    await writeFile(conf, `# test\nport 0\ndir ${directory}\ndbfilename fromconf.fkl\nsave 3600 1\nrequirepass "s3cret"\n`);
    const server = await startCli(conf);
    expect(await cli(server.port, '-a', 's3cret', '--no-auth-warning', 'SET', 'k', 'v')).toBe('OK');
    expect(await cli(server.port, '-a', 's3cret', '--no-auth-warning', 'CONFIG', 'GET', 'dbfilename')).toBe('dbfilename\nfromconf.fkl');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const reload = await startCli('--port', '0', '--dir', directory, '--dbfilename', 'fromconf.fkl', '--save', '');
    expect(await cli(reload.port, 'GET', 'k')).toBe('v');
    reload.child.kill('SIGTERM');
    await reload.exited;
    await expect(startCli('--port', '0', '--maxclients', '0')).rejects.toThrow(/FORKLESS_ERR_INVALID_OPTION: maxclients/);
    await expect(startCli('--no-such-directive', '1')).rejects.toThrow(/unknown directive/);
  });

  it('--cluster-enabled yes: three processes, forkless cluster create, redis-cli -c follows MOVED', async () => {
    const nodes = await Promise.all([0, 1, 2].map(() => startCli('--port', '0', '--dir', directory, '--save', '', '--cluster-enabled', 'yes')));
    try {
      const addresses = nodes.map(({ port }) => `127.0.0.1:${port}`);
      expect((await run(process.execPath, [bin, 'cluster', 'create', ...addresses], { cwd: repositoryRoot })).stdout).toContain('slots:[0-5460]');
      expect(await cli(nodes[0]!.port, 'INFO', 'cluster')).toContain('cluster_enabled:1');
      // 'b' hashes to slot 3300 (node 0), 'a' to 15495 (node 2): asked on node 0, redis-cli -c follows the MOVED.
      expect(await cli(nodes[0]!.port, '-c', 'SET', 'a', 'x')).toBe('OK');
      expect(await cli(nodes[0]!.port, '-c', 'GET', 'a')).toBe('x');
      expect(await cli(nodes[0]!.port, 'GET', 'a')).toMatch(/MOVED 15495 127\.0\.0\.1:/);
      expect(await cli(nodes[2]!.port, 'GET', 'a')).toBe('x');
    } finally {
      for (const node of nodes) node.child.kill('SIGTERM');
      await Promise.all(nodes.map((node) => node.exited));
    }
  });

  it('--replicaof host port follows a real redis-server, read-only, until REPLICAOF NO ONE', async () => {
    const master = await startRedisProcess();
    try {
      await master.call(['RPUSH', 'list', 'a', 'b']);
      const replica = await startCli('--port', '0', '--save', '', '--replicaof', '127.0.0.1', String(master.port));
      let copied = '';
      const poll = setInterval(() => void cli(replica.port, 'LRANGE', 'list', '0', '-1').then((text) => (copied = text)), 100);
      await waitFor(() => copied === 'a\nb', 'the master list on the replica', 60_000).finally(() => clearInterval(poll));
      expect(await cli(replica.port, 'INFO', 'replication')).toMatch(/^role:slave\r?$/m);
      expect(await cli(replica.port, 'SET', 'k', 'v')).toBe("READONLY You can't write against a read only replica.");
      expect(await cli(replica.port, 'REPLICAOF', 'NO', 'ONE')).toBe('OK');
      expect(await cli(replica.port, 'SET', 'k', 'v')).toBe('OK');
      replica.child.kill('SIGTERM');
      expect(await replica.exited).toBe(0);
    } finally {
      await master.stop();
    }
    await expect(startCli('--port', '0', '--replicaof', '127.0.0.1')).rejects.toThrow(/FORKLESS_ERR_INVALID_OPTION: replicaof/);
  }, 120_000);
});
