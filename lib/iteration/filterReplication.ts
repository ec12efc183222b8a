import { filter, map, type OperatorFunction } from 'rxjs';
import type { ReplicationRecord } from '../keyspace/KeyspaceObserver.js';
import type { CommandItem } from './IterationItem.js';

/** Decides, per propagated record, whether an iteration forwards it (an `IterationTracker`). */
export interface ForwardingDecision {
  forwards(record: ReplicationRecord): boolean;
}

/**
 * The replication filter: keeps the records the iteration forwards (one of their keys was already
 * presented or is new, or the write is keyless) and turns them into command items.
 *
 * @example
 * ```ts
 * keyspace.replication$.pipe(filterReplication(tracker)).subscribe((command) => replica.apply(command));
 * ```
 */
export function filterReplication(decision: ForwardingDecision): OperatorFunction<ReplicationRecord, CommandItem> {
  return (records$) =>
    records$.pipe(
      filter((record) => decision.forwards(record)),
      map(({ offset, db, argv }): CommandItem => ({ kind: 'command', db, argv, offset })),
    );
}
