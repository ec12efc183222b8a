import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import type { ReplicationRecord } from '../../lib/keyspace/KeyspaceListener.js';
import { startLeader, type Leader } from '../../lib/replication/Leader.js';
import { loadSnapshot } from '../../lib/snapshot/loadSnapshot.js';
import { runForkless, startForkless, startForklessOnTerminal, terminalSegments } from './support/forklessProcess.js';

const TOKEN = 'cli-secret';
let directory: string;
let keyspace: Keyspace;
let leader: Leader;
const records: ReplicationRecord[] = [];

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'forkless-cli-replication-'));
  keyspace = new Keyspace();
  keyspace.replication$.subscribe((record) => records.push(record));
  for (let index = 0; index < 3000; index++) {
    if (index % 10 === 0) keyspace.execute(['HSET', `hash:${index}`, 'a', String(index), 'b', 'x'], { db: index % 3 });
    else if (index % 10 === 1) keyspace.execute(['RPUSH', `list:${index}`, 'a', 'b', String(index)]);
    else keyspace.execute(['SET', `key:${index}`, `value-${index}`]);
  }
  leader = await startLeader({ keyspace, host: '127.0.0.1', port: 0, token: TOKEN });
});

afterAll(async () => {
  await leader?.close();
  await rm(directory, { recursive: true, force: true });
});

/** The leader's keyspace as of `offset`: its own records replayed into a fresh keyspace. */
function leaderStateAt(offset: number): Keyspace {
  const replica = new Keyspace();
  for (const record of records) if (record.offset <= offset) replica.execute(record.argv, { db: record.db, replicated: true });
  return replica;
}

describe('forkless snapshot fetch (spawned, against a leader on 127.0.0.1)', () => {
  it("saves exactly the leader's keyspace at one offset while writes keep flowing", async () => {
    const path = join(directory, 'fetched.fkl');
    let step = 0;
    const writer = setInterval(() => {
      for (let index = 0; index < 20; index++, step++) {
        keyspace.execute(['INCR', `counter:${step % 13}`]);
        keyspace.execute(['SET', `key:${(step * 7) % 3000}`, `rewritten-${step}`]);
        if (step % 5 === 0) keyspace.execute(['LPUSH', `list:${(step % 300) * 10 + 1}`, `pushed-${step}`]);
      }
    }, 2);
    const fetch = await runForkless(['snapshot', 'fetch', leader.url, path, '--token', TOKEN]).finally(() => clearInterval(writer));
    expect(fetch.stderr).toBe(''); // not a terminal: no progress bar
    expect(fetch.status).toBe(0);
    const loaded = await loadSnapshot(path);
    const match = /^fetched (\d+) keys at offset (\d+) from ws:\/\/127\.0\.0\.1:\d+\/ into .*fetched\.fkl \(\d+\.\d MB\) in \d+\.\d s\n$/.exec(fetch.stdout);
    expect(match, fetch.stdout).not.toBeNull();
    expect(loaded.offset).toBe(Number(match![2]));
    expect(loaded.offset).toBeGreaterThan(3000);
    expect(loaded.digest()).toBe(leaderStateAt(loaded.offset).digest());
    const inspect = await runForkless(['snapshot', 'inspect', path, '--json']);
    expect(JSON.parse(inspect.stdout)).toMatchObject({ valid: true, keys: Number(match![1]), header: { historyId: leader.historyId, offset: loaded.offset } });
  });

  it('a refused token fails at once with the typed error in one line (exit 1)', async () => {
    const fetch = await runForkless(['snapshot', 'fetch', leader.url, join(directory, 'refused.fkl'), '--token', 'wrong']);
    expect(fetch).toEqual({ status: 1, stdout: '', stderr: `forkless: FORKLESS_ERR_UNAUTHORIZED: cannot fetch from ${leader.url}: leader answered HTTP 401\n` });
  });

  it('on an 80-column terminal, the sync and save progress bars never wrap (token from FORKLESS_TOKEN)', async () => {
    const fetch = startForklessOnTerminal(['snapshot', 'fetch', leader.url, join(directory, 'terminal.fkl')], 80, { FORKLESS_TOKEN: TOKEN });
    expect(await fetch.exited).toBe(0);
    const segments = terminalSegments(fetch.stdout);
    expect(segments.some((segment) => /^full-sync \[[#.]+\] +\d+%/.test(segment))).toBe(true);
    expect(segments.some((segment) => /^saving \[[#.]+\] 100%/.test(segment))).toBe(true);
    // Every redrawn status line fits; only the final summary on stdout may be longer.
    expect(segments.filter((segment) => !segment.startsWith('fetched ') && segment.length >= 80)).toEqual([]);
  });
});

describe('forkless follow (spawned)', () => {
  it('logs each state change, follows the live stream, and stops on Ctrl-C (exit 0)', async () => {
    const follow = startForkless(['follow', leader.url, '--token', TOKEN]);
    await follow.waitForOutput(/^streaming {2}keys \d+ {2}offset \d+ {2}lag \d+ {2}\(full resync\)$/m);
    follow.child.kill('SIGINT');
    expect(await follow.exited).toBe(0);
    const states = follow.stderr.split('\n').map((line) => line.split(' ')[0]);
    expect(states).toEqual(['connecting', 'full-sync', 'streaming', 'closed', '']);
    expect(follow.stderr).toMatch(/\nclosed {2}offset \d+ {2}keys \d+\n$/);
  });

  it('reports why the leader refuses it and keeps retrying', async () => {
    const follow = startForkless(['follow', leader.url, '--token', 'wrong']);
    await follow.waitForOutput(/backoff {2}FORKLESS_ERR_UNAUTHORIZED: leader answered HTTP 401; retry 2 in/);
    follow.child.kill('SIGINT');
    expect(await follow.exited).toBe(0);
  });

  it('on a terminal, one status line is redrawn in place within the width; Ctrl-C stops it', async () => {
    const follow = startForklessOnTerminal(['follow', leader.url, '--token', TOKEN], 60);
    await follow.waitForOutput(/streaming {2}keys/);
    follow.child.stdin!.write('\x03');
    expect(await follow.exited).toBe(0);
    expect(follow.stdout).toMatch(/\rstreaming {2}keys \d+ {2}offset \d+ {2}lag \d+/);
    expect(terminalSegments(follow.stdout).filter((segment) => segment.length >= 60)).toEqual([]);
  });
});

describe('forkless snapshot save on a terminal (spawned)', () => {
  it('Ctrl-C during dataset generation stops it at once (exit 130, nothing saved)', async () => {
    const path = join(directory, 'never.fkl');
    const save = startForklessOnTerminal(['snapshot', 'save', path, '--keys', '50000000'], 80);
    await save.waitForOutput(/generating \[/);
    save.child.stdin!.write('\x03');
    expect(await save.exited).toBe(130);
    expect(save.stdout).toContain('generation cancelled; nothing saved');
    expect(terminalSegments(save.stdout).filter((segment) => segment.length >= 80)).toEqual([]);
  });
});
