import { connect } from 'node:net';
import { VirtualTimeScheduler } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { isForklessError } from '../../../lib/errors.js';
import { Keyspace } from '../../../lib/keyspace/Keyspace.js';
import { encodeCommand } from '../../../lib/replication/redis/encodeCommand.js';
import { RedisLeader } from '../../../lib/replication/redis/RedisLeader.js';
import { waitFor } from '../support/waitFor.js';
import { listenLeader } from './support/leaderHarness.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

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

  it('holds a live replica to a lowered repl-timeout from its next check, and frees an idle backlog after a lowered TTL', async () => {
    const scheduler = new VirtualTimeScheduler(undefined, 0);
    const keyspace = new Keyspace();
    keyspace.execute(['SET', 'k', 'v']);
    const { leader, log, port, close } = await listenLeader(keyspace, { scheduler, timeoutMs: 60_000 });
    cleanups.push(close);
    const socket = connect(port, '127.0.0.1');
    cleanups.push(() => void socket.destroy());
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.write(encodeCommand(['PSYNC', '?', '-1']));
    await waitFor(() => /\$EOF:([0-9a-f]{40})\r\n[^]*\1$/.test(received), 'the RDB');
    socket.write(encodeCommand(['REPLCONF', 'ACK', '0']));
    await waitFor(() => leader.replicas()[0]?.state === 'online', 'online');
    scheduler.maxFrames = 10_000;
    scheduler.flush();
    expect(leader.replicas()).toHaveLength(1);
    leader.configure({ timeoutMs: 5_000 });
    scheduler.maxFrames = 11_000;
    scheduler.flush();
    expect(leader.replicas()).toEqual([]);
    expect(log.some((line) => line.includes('timeout: no ACK within repl-timeout'))).toBe(true);
    // No replica since frame 11 000: the default TTL (an hour) would keep the backlog; a lowered one frees it.
    const id = leader.stream.replicationId;
    leader.configure({ backlogTtlMs: 2_000 });
    scheduler.maxFrames = 14_000;
    scheduler.flush();
    expect([leader.stream.active, leader.stream.replicationId === id]).toEqual([false, false]);
  });
});
