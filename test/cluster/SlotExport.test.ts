import { describe, expect, it } from 'vitest';
import type { ClusterNode } from '../../lib/cluster/ClusterNode.js';
import { countSlotKeys } from '../../lib/cluster/slotData.js';
import { inProcessCluster, turns } from './clusterHarness.js';
import { keysInRange } from './clusterWorkload.js';

describe('SlotExport: a target that stops answering while the snapshot waits for it', () => {
  it('the ACK the cursor waits on times out: the job fails (FORKLESS_ERR_TIMEOUT) instead of waiting for good', async () => {
    const cluster = inProcessCluster(2, { maxUnanswered: 4, stageTimeoutMs: 200 });
    const [source, target] = cluster.nodes as [ClusterNode, ClusterNode];
    for (const key of keysInRange(0, 99, 3000)) source.keyspace.execute(['SET', key, 'v']); // more than one cursor batch (512)
    let sent = 0;
    cluster.observe((_argv, link) => ++sent === 3 && link.stall()); // after ESTABLISH and a first write
    const job = source.startExport([[0, 99]], target.id);
    await turns(20);
    expect(job.state).toBe('snapshotting'); // the cursor waits on an unanswered ACK
    for (let tick = 0; tick < 10 && !job.finished; tick++) {
      cluster.timers.advance(100);
      await turns(5);
    }
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('FORKLESS_ERR_TIMEOUT');
    expect(source.topology.ownerOf(0)?.id).toBe(source.id);
    cluster.timers.advance(200); // the source's closing ACK times out too: it closes the link
    await turns(5);
    expect(target.jobs.map((entry) => entry.state)).toEqual(['failed']);
    expect(Array.from({ length: 100 }, (_, slot) => countSlotKeys(target.keyspace, slot)).reduce((sum, count) => sum + count)).toBe(0); // staged ones included
  });
});
