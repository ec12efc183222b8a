import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { Keyspace } from '../../../lib/keyspace/Keyspace.js';
import { encodeCommand } from '../../../lib/replication/redis/encodeCommand.js';
import { normalizeRedisLeaderOptions } from '../../../lib/replication/redis/RedisLeaderOptions.js';
import { RedisReplicationStream } from '../../../lib/replication/redis/RedisReplicationStream.js';

function streamOf(keyspace: Keyspace, scheduler = new VirtualTimeScheduler(undefined, 15_000)) {
  const stream = new RedisReplicationStream(keyspace, normalizeRedisLeaderOptions({ scheduler, pingPeriodMs: 10_000, log: () => {} }));
  const bytes: Buffer[] = [];
  let ended = 0;
  stream.attach({ write: (chunk) => bytes.push(chunk), historyEnded: () => ended++ });
  return { stream, scheduler, text: () => Buffer.concat(bytes).toString('latin1'), ended: () => ended };
}

describe('RedisReplicationStream', () => {
  it('emits SELECT before the first write and when the db changes, each write in its propagated form; offset = bytes', () => {
    const keyspace = new Keyspace({ clock: () => 1_000 });
    const { stream, text } = streamOf(keyspace);
    keyspace.execute(['SET', 'a', '1', 'EX', '5']);
    keyspace.execute(['INCR', 'n'], { db: 2 });
    keyspace.execute(['INCR', 'n'], { db: 2 });
    const expected = [
      encodeCommand(['SELECT', '0']),
      encodeCommand(['SET', 'a', '1', 'PXAT', '6000']),
      encodeCommand(['SELECT', '2']),
      encodeCommand(['INCR', 'n']),
      encodeCommand(['INCR', 'n']),
    ];
    expect(text()).toBe(Buffer.concat(expected).toString('latin1'));
    expect(stream.offset).toBe(Buffer.concat(expected).length);
    expect(stream.backlog.end).toBe(stream.offset);
  });

  it('PINGs every ping period (counted), and a full sync makes the next write start with SELECT', () => {
    const keyspace = new Keyspace();
    const { stream, scheduler, text } = streamOf(keyspace);
    keyspace.execute(['SET', 'a', '1']);
    const before = stream.offset;
    scheduler.flush();
    expect(stream.offset).toBeGreaterThan(before);
    expect(text()).toContain(encodeCommand(['PING']).toString('latin1'));
    expect(stream.startFullSync()).toBe(stream.offset);
    keyspace.execute(['SET', 'b', '2']);
    expect(text().endsWith(Buffer.concat([encodeCommand(['SELECT', '0']), encodeCommand(['SET', 'b', '2'])]).toString('latin1'))).toBe(true);
  });

  it('replaceWith starts a new history: new replication id, empty backlog, listeners told', () => {
    const keyspace = new Keyspace();
    const { stream, ended } = streamOf(keyspace);
    keyspace.execute(['SET', 'a', '1']);
    const id = stream.replicationId;
    keyspace.replaceWith(new Keyspace());
    expect(stream.replicationId).not.toBe(id);
    expect(stream.replicationId).toMatch(/^[0-9a-f]{40}$/);
    expect(stream.backlog.length).toBe(0);
    expect(ended()).toBe(1);
  });

  it('as Redis: nothing is recorded before the first replica, which starts a new id; freed after the TTL without replicas', () => {
    const keyspace = new Keyspace();
    const scheduler = new VirtualTimeScheduler(undefined, 3_000);
    const stream = new RedisReplicationStream(keyspace, normalizeRedisLeaderOptions({ scheduler, backlogTtlMs: 2_000, log: () => {} }));
    const idBefore = stream.replicationId;
    keyspace.execute(['SET', 'a', '1']);
    expect([stream.active, stream.offset, stream.covers(0)]).toEqual([false, 0, false]);
    expect(stream.startFullSync()).toBe(0);
    expect(stream.active).toBe(true);
    expect(stream.replicationId).not.toBe(idBefore);
    const listener = { write: () => {}, historyEnded: () => {} };
    stream.attach(listener);
    keyspace.execute(['SET', 'b', '2']);
    const recorded = Buffer.concat([encodeCommand(['SELECT', '0']), encodeCommand(['SET', 'b', '2'])]).length;
    expect([stream.offset, stream.backlog.length, stream.covers(0)]).toEqual([recorded, recorded, true]);
    // Attached replicas keep it however long; once the last one leaves, the TTL runs.
    scheduler.flush();
    expect(stream.active).toBe(true);
    stream.detach(listener);
    const idWhileActive = stream.replicationId;
    scheduler.maxFrames = 6_000;
    scheduler.flush();
    expect([stream.active, stream.covers(recorded), stream.offset]).toEqual([false, false, recorded]);
    expect(stream.replicationId).not.toBe(idWhileActive);
    keyspace.execute(['SET', 'c', '3']);
    expect(stream.offset).toBe(recorded);
    stream.close();
  });

  it('repl-backlog-ttl 0 keeps the backlog for ever', () => {
    const keyspace = new Keyspace();
    const scheduler = new VirtualTimeScheduler(undefined, 100_000);
    const stream = new RedisReplicationStream(keyspace, normalizeRedisLeaderOptions({ scheduler, backlogTtlMs: 0, log: () => {} }));
    const listener = { write: () => {}, historyEnded: () => {} };
    stream.attach(listener);
    stream.detach(listener);
    scheduler.flush();
    expect(stream.active).toBe(true);
    stream.close();
  });
});
