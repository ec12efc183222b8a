import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { isForklessError } from '../../../lib/errors.js';
import { Keyspace } from '../../../lib/keyspace/Keyspace.js';
import { encodeCommand } from '../../../lib/replication/redis/encodeCommand.js';
import { RedisLeader } from '../../../lib/replication/redis/RedisLeader.js';

describe('RedisLeader.configure (CONFIG SET at run time)', () => {
  it('resizes the live backlog keeping the newest bytes, restarts the pings at the new period, and takes the other settings', () => {
    const keyspace = new Keyspace();
    const scheduler = new VirtualTimeScheduler(undefined, 0);
    const leader = new RedisLeader(keyspace, { scheduler, pingPeriodMs: 10_000, log: () => {} });
    const bytes: Buffer[] = [];
    leader.stream.attach({ write: (chunk) => bytes.push(chunk), historyEnded: () => {} });
    for (let index = 0; index < 1000; index++) keyspace.execute(['SET', `key${index}`, 'v'.repeat(100)]);
    const stream = Buffer.concat(bytes);
    leader.configure({ backlogBytes: 16 * 1024 });
    const { backlog } = leader.stream;
    expect([backlog.size, backlog.length, backlog.end]).toEqual([16 * 1024, 16 * 1024, stream.length]);
    expect(backlog.bytesAfter(stream.length - 16 * 1024).equals(stream.subarray(-16 * 1024))).toBe(true);

    const pings = () => bytes.filter((chunk) => chunk.equals(encodeCommand(['PING']))).length;
    leader.configure({ pingPeriodMs: 1_000 });
    scheduler.maxFrames = 5_500;
    scheduler.flush();
    expect(pings()).toBe(5);

    leader.configure({ timeoutMs: 7_000, backlogTtlMs: 0, outputLimit: { hardBytes: 1024 }, password: 'pw' });
    expect(leader.options).toMatchObject({ timeoutMs: 7_000, backlogTtlMs: 0, outputLimit: { hardBytes: 1024, softBytes: 64 * 1024 * 1024, softSeconds: 60 }, password: 'pw' });
    leader.close();
  });

  it('refuses a bad value with FORKLESS_ERR_INVALID_OPTION and changes nothing', () => {
    const leader = new RedisLeader(new Keyspace(), { log: () => {} });
    const before = { ...leader.options };
    let error: unknown;
    try {
      leader.configure({ timeoutMs: 5_000, pingPeriodMs: 0 });
    } catch (caught) {
      error = caught;
    }
    expect(isForklessError(error, 'FORKLESS_ERR_INVALID_OPTION')).toBe(true);
    expect(leader.options).toEqual(before);
    leader.close();
  });
});
