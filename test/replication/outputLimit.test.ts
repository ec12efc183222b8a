import { describe, expect, it } from 'vitest';
import type { LeaderEvent } from '../../lib/replication/Leader.js';
import { useCluster } from './support/cluster.js';
import { nextState, waitFor } from './support/waitFor.js';

const VALUE_BYTES = 100_000;
const OUTPUT_LIMIT = 1024 * 1024;
const HIGH_WATER_MARK = 256 * 1024;
const BATCH_SIZE = 8;
const FRAME_BYTES = 256 * 1024;

describe('the output limit under live writes', () => {
  const cluster = useCluster();

  it('a stalled follower in a full sync is cut at outputLimit + one frame under a COPY/RENAME load of 100 KB values', async () => {
    const keyspace = cluster.keyspace();
    for (let index = 0; index < 400; index++) keyspace.execute(['SET', `big${index}`, String(index).padEnd(VALUE_BYTES, 'v')]);
    const leader = await cluster.leader({
      keyspace,
      outputLimit: OUTPUT_LIMIT,
      highWaterMark: HIGH_WATER_MARK,
      lowWaterMark: HIGH_WATER_MARK / 4,
      closeGraceMs: 100,
      iteration: { batchSize: BATCH_SIZE },
    });
    let cut: LeaderEvent | null = null;
    leader.events$.subscribe((event) => {
      if (event.type === 'disconnected') cut = event;
    });
    const proxy = await cluster.proxy(leader.port);
    const follower = cluster.follower(proxy.url);
    await nextState(follower, 'full-sync');
    proxy.stall();
    // Let the cursor fill the pipe until it pauses at the high-water mark.
    await waitFor(() => (leader.followers()[0]?.bufferedBytes ?? 0) > HIGH_WATER_MARK, 'the cursor to pause');
    const pausedAt = leader.followers()[0]!.bufferedBytes;
    let peak = 0;
    // Keys far ahead of the cursor: COPY and RENAME present each source (100 KB) before forwarding.
    for (let round = 0; round < 40; round++) {
      const source = 399 - round;
      keyspace.execute(['COPY', `big${source}`, `copy${round}`]);
      keyspace.execute(['RENAME', `big${source}`, `renamed${round}`]);
      keyspace.execute(['COPY', `renamed${round}`, `copy-of-renamed${round}`]);
      peak = Math.max(peak, leader.followers()[0]?.bufferedBytes ?? 0);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor(() => cut !== null, 'the stalled follower to be cut', 10_000);
    expect(cut).toMatchObject({ type: 'disconnected', code: 4429 });
    // What the writes made the leader buffer stays within the limit plus one frame, on top of what
    // the paused cursor had buffered by itself (the exempt part).
    expect(peak - pausedAt).toBeLessThanOrEqual(OUTPUT_LIMIT + FRAME_BYTES);
    proxy.resume();
  });

  it('cursor entries alone are never cut, however far past the output limit one cycle goes', async () => {
    const keyspace = cluster.keyspace();
    for (let index = 0; index < 100; index++) keyspace.execute(['SET', `big${index}`, String(index).padEnd(VALUE_BYTES, 'v')]);
    const leader = await cluster.leader({ keyspace, outputLimit: 128 * 1024, highWaterMark: 64 * 1024, iteration: { batchSize: 64 } });
    const events: LeaderEvent[] = [];
    leader.events$.subscribe((event) => events.push(event));
    const follower = cluster.follower(leader.url);
    await nextState(follower, 'streaming');
    expect(follower.keyspace.digest()).toBe(keyspace.digest());
    expect(events.some((event) => event.type === 'disconnected')).toBe(false);
  });
});
