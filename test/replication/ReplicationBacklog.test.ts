import fc from 'fast-check';
import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { ReplicationRecord } from '../../lib/keyspace/KeyspaceListener.js';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { ReplicationBacklog } from '../../lib/replication/ReplicationBacklog.js';
import { estimateBytes } from '../../lib/replication/wireItem.js';

/** The model: every record ever appended; the backlog keeps the longest suffix within the limits (at least one). */
function retainedSuffix(all: ReplicationRecord[], maxBytes: number, maxRecords: number): ReplicationRecord[] {
  let bytes = 0;
  let start = all.length;
  while (start > 0) {
    const next = bytes + estimateBytes(all[start - 1]!);
    if (start < all.length && (next > maxBytes || all.length - start + 1 > maxRecords)) break;
    bytes = next;
    start--;
  }
  return all.slice(start);
}

describe('ReplicationBacklog', () => {
  it('answers covers / recordsAfter like a model that keeps every record', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 120 }),
        fc.integer({ min: 30, max: 600 }),
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 10 }),
        (startOffset, argumentLengths, maxBytes, maxRecords, probes) => {
          const source = new Subject<ReplicationRecord>();
          const backlog = new ReplicationBacklog(source, startOffset, { maxBytes, maxRecords });
          const all: ReplicationRecord[] = [];
          argumentLengths.forEach((length, index) => {
            const record = { offset: startOffset + index + 1, db: 0, argv: ['SET', 'x'.repeat(length)] };
            all.push(record);
            source.next(record);
          });
          const kept = retainedSuffix(all, maxBytes, maxRecords);
          const lowest = kept.length === 0 ? startOffset : kept[0]!.offset - 1;
          const last = startOffset + all.length;
          expect(backlog.offset).toBe(last);
          expect(backlog.length).toBe(kept.length);
          for (const probe of [...probes, lowest, lowest - 1, last, last + 1]) {
            const covered = probe >= lowest && probe <= last;
            expect(backlog.covers(probe)).toBe(covered);
            if (covered) expect(backlog.recordsAfter(probe)).toEqual(all.filter((record) => record.offset > probe));
          }
        },
      ),
      { seed: 21, numRuns: 400 },
    );
  });

  it('keeps a single record larger than the byte budget (the newest is always kept)', () => {
    const source = new Subject<ReplicationRecord>();
    const backlog = new ReplicationBacklog(source, 0, { maxBytes: 10 });
    source.next({ offset: 1, db: 0, argv: ['SET', 'k', 'v'.repeat(100)] });
    expect(backlog.covers(0)).toBe(true);
    expect(backlog.recordsAfter(0)).toHaveLength(1);
  });

  it('starts a fresh window when offsets jump, and compacts without losing order over many records', () => {
    const source = new Subject<ReplicationRecord>();
    const backlog = new ReplicationBacklog(source, 0, { maxRecords: 3000 });
    for (let offset = 1; offset <= 10_000; offset++) source.next({ offset, db: 0, argv: ['DEL', String(offset)] });
    expect(backlog.covers(6999)).toBe(false);
    expect(backlog.recordsAfter(7000).map((record) => record.offset)).toEqual(Array.from({ length: 3000 }, (_, index) => 7001 + index));
    source.next({ offset: 20_000, db: 0, argv: ['DEL', 'x'] });
    expect(backlog.covers(10_000)).toBe(false);
    expect(backlog.covers(19_999)).toBe(true);
  });

  it('reset drops every record and restarts the window at the given offset, backwards too', () => {
    const source = new Subject<ReplicationRecord>();
    const backlog = new ReplicationBacklog(source, 0);
    for (let offset = 1; offset <= 10; offset++) source.next({ offset, db: 0, argv: ['DEL', String(offset)] });
    backlog.reset(4);
    expect([backlog.offset, backlog.length, backlog.size]).toEqual([4, 0, 0]);
    expect([3, 4, 5].map((offset) => backlog.covers(offset))).toEqual([false, true, false]);
    source.next({ offset: 5, db: 0, argv: ['SET', 'after', 'reset'] });
    expect(backlog.recordsAfter(4).map((record) => record.argv)).toEqual([['SET', 'after', 'reset']]);
  });

  it('follows a keyspace: records$ continues exactly where recordsAfter stops', () => {
    const keyspace = new Keyspace();
    const backlog = new ReplicationBacklog(keyspace.replication$, keyspace.offset);
    keyspace.execute(['SET', 'a', '1']);
    keyspace.execute(['SET', 'b', '2']);
    const seen = backlog.recordsAfter(0).map((record) => record.offset);
    const subscription = backlog.records$.subscribe((record) => seen.push(record.offset));
    keyspace.execute(['DEL', 'a']);
    subscription.unsubscribe();
    backlog.close();
    keyspace.execute(['DEL', 'b']);
    expect(seen).toEqual([1, 2, 3]);
    expect(backlog.offset).toBe(3);
  });
});
