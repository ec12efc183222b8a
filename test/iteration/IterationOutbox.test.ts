import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { IterationOutbox } from '../../lib/iteration/IterationOutbox.js';
import type { IterationItem, StoredIterationItem } from '../../lib/keyspace/IterationItem.js';

const entry = (key: string): IterationItem => ({ kind: 'entry', db: 0, key, type: 'string', value: key, expiresAt: null });

describe('IterationOutbox', () => {
  it('delivers nothing until drained, then everything in order', () => {
    const seen: StoredIterationItem[] = [];
    const outbox = new IterationOutbox({ next: (item) => seen.push(item), error: () => {}, complete: () => {} });
    outbox.push(entry('a'));
    outbox.push(entry('b'));
    expect(seen).toEqual([]);
    outbox.drain();
    expect(seen).toEqual([entry('a'), entry('b')]);
  });

  it('a subscriber that adds items from inside next gets them after the ones already queued', () => {
    const seen: string[] = [];
    const outbox: IterationOutbox = new IterationOutbox({
      next: (item) => {
        if (item.kind !== 'entry') return;
        seen.push(item.key);
        if (item.key === 'a') {
          outbox.push(entry('nested'));
          outbox.drain(); // re-entrant: must not overtake 'b'
        }
      },
      error: () => {},
      complete: () => {},
    });
    outbox.push(entry('a'));
    outbox.push(entry('b'));
    outbox.drain();
    expect(seen).toEqual(['a', 'b', 'nested']);
  });

  it('completes after the complete item and errors after what was queued before the failure', () => {
    const completed = new Subject<StoredIterationItem>();
    const log: string[] = [];
    completed.subscribe({ next: (item) => log.push(item.kind), complete: () => log.push('completed') });
    const outbox = new IterationOutbox(completed);
    outbox.push(entry('a'));
    outbox.push({ kind: 'complete', offset: 3 });
    outbox.push(entry('late'));
    outbox.drain();
    expect(log).toEqual(['entry', 'complete', 'completed']);

    const failures: unknown[] = [];
    const failing = new IterationOutbox({ next: (item) => failures.push(item.kind), error: (error) => failures.push(error), complete: () => {} });
    failing.push(entry('a'));
    failing.fail('broken');
    failing.push(entry('ignored'));
    failing.drain();
    expect(failures).toEqual(['entry', 'broken']);
  });

  it('delivers nothing once closed, even mid-drain', () => {
    const seen: string[] = [];
    const outbox: IterationOutbox = new IterationOutbox({
      next: (item) => {
        if (item.kind === 'entry') seen.push(item.key);
        outbox.close();
      },
      error: () => {},
      complete: () => {},
    });
    outbox.push(entry('a'));
    outbox.push(entry('b'));
    outbox.drain();
    expect(seen).toEqual(['a']);
  });
});
