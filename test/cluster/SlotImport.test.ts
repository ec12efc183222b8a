import { describe, expect, it } from 'vitest';
import type { ClusterNode } from '../../lib/cluster/ClusterNode.js';
import { countSlotKeys } from '../../lib/cluster/slotData.js';
import { keyHashSlot } from '../../lib/keyspace/keyHashSlot.js';
import { inProcessCluster } from './clusterHarness.js';
import { keysInRange } from './clusterWorkload.js';

const STAGE_TIMEOUT_MS = 100;

/** Node 1 importing slots 0-99 from node 0 over a link driven by hand, three keys staged. */
function stagedImport() {
  const cluster = inProcessCluster(2, { stageTimeoutMs: STAGE_TIMEOUT_MS });
  const [source, target] = cluster.nodes as [ClusterNode, ClusterNode];
  const link = target.acceptLink();
  expect(link.execute(['CLUSTER', 'SYNCSLOTS', 'ESTABLISH', 'SOURCE', source.id, 'NAME', 'job1', 'SLOTSRANGE', '0', '99'])).toBe('OK');
  const keys = keysInRange(0, 99, 3);
  for (const key of keys) link.execute(['SET', key, 'v']);
  const job = target.jobs.find((candidate) => candidate.name === 'job1')!;
  const staged = () => keys.reduce((sum, key) => sum + countSlotKeys(target.keyspace, keyHashSlot(key)), 0);
  expect(staged()).toBe(3);
  return { cluster, target, link, job, staged };
}

describe('SlotImport: a silent source times the import out', () => {
  it('nothing from the source for a whole stageTimeoutMs: the import fails with Valkey words and drops its staging', () => {
    const { cluster, target, job, staged } = stagedImport();
    cluster.timers.advance(STAGE_TIMEOUT_MS); // the SETs were heard in this period
    expect(job.state).toBe('receiving-snapshot');
    cluster.timers.advance(STAGE_TIMEOUT_MS);
    expect(job).toMatchObject({ state: 'failed', message: 'Timed out after too long with no interaction' });
    expect(staged()).toBe(0);
    expect(target.keyspace.databases[0]!.isHidden(0)).toBe(false);
  });

  it('a source that keeps sending (writes, ACKs) is never timed out, and the import can still take over', () => {
    const { cluster, link, job, staged } = stagedImport();
    for (let period = 0; period < 20; period++) {
      link.execute(period % 2 === 0 ? ['CLUSTER', 'SYNCSLOTS', 'ACK'] : ['SET', keysInRange(0, 99, 1)[0]!, String(period)]);
      cluster.timers.advance(STAGE_TIMEOUT_MS);
    }
    expect(job.state).toBe('receiving-snapshot');
    expect(link.execute(['CLUSTER', 'SYNCSLOTS', 'FAILOVER', 'NAME', 'job1'])).toBeGreaterThan(0);
    cluster.timers.advance(10 * STAGE_TIMEOUT_MS);
    expect(job.state).toBe('success');
    expect(staged()).toBe(3);
  });
});
