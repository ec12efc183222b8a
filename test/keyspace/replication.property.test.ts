import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { activeExpiryCycle } from '../../lib/keyspace/activeExpiry.js';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import type { ReplicationRecord } from '../../lib/keyspace/KeyspaceListener.js';
import { ReplyError } from '../../lib/keyspace/ReplyError.js';
import { workloadStep, type WorkloadStep } from '../support/replicationWorkload.js';

/** Runs a command, ignoring error replies (a failed command must simply not propagate). */
function attempt(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof ReplyError)) throw error;
  }
}

describe('replication stream', () => {
  it('replaying replication$ on an empty keyspace gives an identical digest after every step', () => {
    fc.assert(
      fc.property(fc.array(workloadStep, { minLength: 1, maxLength: 60 }), (steps: WorkloadStep[]) => {
        let now = 1_700_000_000_000;
        const clock = () => now;
        const leader = new Keyspace({ databases: 4, clock });
        const replica = new Keyspace({ databases: 4, clock });
        const records: ReplicationRecord[] = [];
        const subscription = leader.replication$.subscribe((record) => {
          records.push(record);
          replica.execute(record.argv, { db: record.db, replicated: true });
        });
        const session = leader.session();
        const expire = activeExpiryCycle(leader);
        try {
          for (const step of steps) {
            if (step.kind === 'command') attempt(() => session.execute(step.argv));
            else if (step.kind === 'select') session.execute(['SELECT', step.db]);
            else if (step.kind === 'advance') now += step.ms;
            else if (step.kind === 'activeExpiry') expire(step.budget);
            else {
              session.execute(['MULTI']);
              for (const argv of step.commands) session.execute(argv);
              session.execute(['EXEC']);
            }
            expect(replica.digest()).toBe(leader.digest());
          }
          // Offsets are strictly increasing, one per record, ending at the leader's offset.
          expect(records.map((record) => record.offset)).toEqual(records.map((_, index) => index + 1));
          expect(leader.offset).toBe(records.length);
        } finally {
          subscription.unsubscribe();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a replica that replays only after the fact (late, on an advanced clock) still converges', () => {
    fc.assert(
      fc.property(fc.array(workloadStep, { minLength: 1, maxLength: 40 }), (steps: WorkloadStep[]) => {
        let now = 1_700_000_000_000;
        const leader = new Keyspace({ databases: 4, clock: () => now });
        const records: ReplicationRecord[] = [];
        const subscription = leader.replication$.subscribe((record) => records.push(record));
        const session = leader.session();
        for (const step of steps) {
          if (step.kind === 'command') attempt(() => session.execute(step.argv));
          else if (step.kind === 'advance') now += step.ms;
        }
        subscription.unsubscribe();
        // Absolute expiry times in the stream make a late replay agree at the same instant.
        const replica = new Keyspace({ databases: 4, clock: () => now });
        for (const record of records) replica.execute(record.argv, { db: record.db, replicated: true });
        expect(replica.digest()).toBe(leader.digest());
      }),
      { numRuns: 200 },
    );
  });
});
