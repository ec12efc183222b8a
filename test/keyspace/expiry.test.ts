import { VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { activeExpiryCycle } from '../../lib/keyspace/activeExpiry.js';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';

function recordStream(ks: Keyspace): unknown[][] {
  const records: unknown[][] = [];
  ks.replication$.subscribe((record) => records.push([record.db, ...record.argv]));
  return records;
}

describe('expiry', () => {
  it('expires lazily on access at the injected clock and propagates a DEL', () => {
    let now = 10_000;
    const ks = new Keyspace({ clock: () => now });
    const records = recordStream(ks);
    ks.execute(['SET', 'a', 'v', 'PX', '100']);
    ks.execute(['RPUSH', 'l', 'x'], { db: 1 });
    ks.execute(['PEXPIRE', 'l', '50'], { db: 1 });
    now += 100;
    // At exactly the expiry time the key still lives (Valkey expires when now > expiry).
    expect(ks.execute(['GET', 'a'])).toBe('v');
    now += 1;
    expect(ks.dbsize()).toBe(1);
    expect(ks.execute(['GET', 'a'])).toBeNull();
    expect(ks.dbsize()).toBe(0);
    expect(ks.execute(['LLEN', 'l'], { db: 1 })).toBe(0);
    expect(records).toEqual([
      [0, 'SET', 'a', 'v', 'PXAT', '10100'],
      [1, 'RPUSH', 'l', 'x'],
      [1, 'PEXPIREAT', 'l', '10050'],
      [0, 'DEL', 'a'],
      [1, 'DEL', 'l'],
    ]);
  });

  it('a write to an expired key sees it missing, after its DEL', () => {
    let now = 0;
    const ks = new Keyspace({ clock: () => now });
    const records = recordStream(ks);
    ks.execute(['SADD', 's', 'old']);
    ks.execute(['EXPIRE', 's', '1']);
    now = 1001;
    expect(ks.execute(['SADD', 's', 'new'])).toBe(1);
    expect(ks.execute(['SMEMBERS', 's'])).toEqual(['new']);
    expect(ks.execute(['TTL', 's'])).toBe(-1);
    expect(records.slice(-2)).toEqual([
      [0, 'DEL', 's'],
      [0, 'SADD', 's', 'new'],
    ]);
  });

  it('digest and dbsize agree on expired keys once the cycle removed them', () => {
    let now = 0;
    const ks = new Keyspace({ clock: () => now });
    ks.execute(['SET', 'a', '1', 'PX', '10']);
    const fresh = new Keyspace({ clock: () => now });
    now = 11;
    // The digest already ignores the expired key before anything removed it.
    expect(ks.digest()).toBe(fresh.digest());
    expect(activeExpiryCycle(ks)(10)).toBe(1);
    expect(ks.dbsize()).toBe(0);
  });

  it('the active cycle deletes expired keys without access, on a virtual scheduler, and propagates DELs', () => {
    let now = 0;
    const scheduler = new VirtualTimeScheduler(VirtualAction, 350);
    const ks = new Keyspace({ clock: () => now, activeExpiry: { scheduler, intervalMs: 100, keysPerCycle: 50 } });
    const records = recordStream(ks);
    for (let index = 0; index < 20; index++) ks.execute(['SET', `short${index}`, 'v', 'PX', '150']);
    ks.execute(['SET', 'long', 'v', 'PX', '100000'], { db: 3 });
    ks.execute(['SET', 'forever', 'v']);
    now = 151;
    // Cycles run at virtual 100, 200 and 300 ms; the clock says every short key has expired.
    scheduler.flush();
    expect(ks.dbsize(0)).toBe(1);
    expect(ks.dbsize(3)).toBe(1);
    const deletes = records.filter((record) => record[1] === 'DEL');
    expect(deletes).toHaveLength(20);
    expect(new Set(deletes.map((record) => record[2]))).toEqual(new Set(Array.from({ length: 20 }, (_, index) => `short${index}`)));
    ks.close();
  });

  it('by default the active cycle runs on a real interval that does not hold the process open', async () => {
    const ks = new Keyspace({ activeExpiry: { intervalMs: 5 } });
    ks.execute(['SET', 'short', 'v', 'PX', '1']);
    ks.execute(['SET', 'forever', 'v']);
    // Polled with a hang guard rather than slept on: a loaded machine may run the interval late.
    for (let waited = 0; ks.dbsize() !== 1 && waited < 10_000; waited += 5) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(ks.dbsize()).toBe(1); // removed without any access
    ks.close();
    ks.execute(['SET', 'after-close', 'v', 'PX', '1']);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(ks.dbsize()).toBe(2); // stopped: only lazy expiry now
  });

  it("a late replica applying the stream never expires keys itself: only the leader's DEL removes them", () => {
    let now = 1_000;
    const leader = new Keyspace({ clock: () => now });
    const stream: { db: number; argv: readonly (string | Uint8Array)[] }[] = [];
    leader.replication$.subscribe((record) => stream.push(record));
    leader.execute(['SET', 'c', 'x', 'PX', '1']);
    leader.execute(['PERSIST', 'c']); // in time: c lives on
    now += 2;
    const replica = new Keyspace({ clock: () => now });
    // Replayed late, the PXAT is already past on the replica's clock; PERSIST must still find c.
    for (const { db, argv } of stream) replica.execute(argv, { db, replicated: true });
    expect(replica.execute(['GET', 'c'])).toBe('x');
    expect(replica.digest()).toBe(leader.digest());
    // The same replay as an ordinary client loses the key: why `replicated` exists.
    const naive = new Keyspace({ clock: () => now });
    for (const { db, argv } of stream) naive.execute(argv, { db });
    expect(naive.execute(['GET', 'c'])).toBeNull();
  });

  it('the active cycle examines at most its budget and resumes where it stopped', () => {
    let now = 0;
    const ks = new Keyspace({ clock: () => now });
    for (let index = 0; index < 10; index++) ks.execute(['SET', `k${index}`, 'v', 'PX', '5']);
    now = 6;
    const cycle = activeExpiryCycle(ks);
    expect(cycle(3)).toBe(3);
    expect(ks.dbsize()).toBe(7);
    expect(cycle(3)).toBe(3);
    expect(cycle(100)).toBe(4);
    expect(ks.dbsize()).toBe(0);
  });

  it('relative expiry propagates as absolute times; expiring in the past propagates DEL', () => {
    const now = 1_000_000;
    const ks = new Keyspace({ clock: () => now });
    const records = recordStream(ks);
    ks.execute(['SET', 'a', 'v', 'EX', '10']);
    ks.execute(['SETEX', 'b', '5', 'v']);
    ks.execute(['PSETEX', 'c', '5', 'v']);
    ks.execute(['EXPIRE', 'a', '20']);
    ks.execute(['GETEX', 'b', 'PX', '7']);
    ks.execute(['EXPIRE', 'c', '-1']);
    expect(records).toEqual([
      [0, 'SET', 'a', 'v', 'PXAT', '1010000'],
      [0, 'SET', 'b', 'v', 'PXAT', '1005000'],
      [0, 'SET', 'c', 'v', 'PXAT', '1000005'],
      [0, 'PEXPIREAT', 'a', '1020000'],
      [0, 'PEXPIREAT', 'b', '1000007'],
      [0, 'DEL', 'c'],
    ]);
  });
});
