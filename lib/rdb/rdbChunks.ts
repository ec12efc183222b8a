import { Observable, type OperatorFunction } from 'rxjs';
import { ForklessError } from '../errors.js';
import type { StoredIterationItem } from '../keyspace/IterationItem.js';
import { RdbWriter, type RdbDatabaseSize, type RdbHeader } from './RdbWriter.js';

/**
 * Turns the entries of a consistent iteration into the bytes of an RDB file, as they come: the
 * header at subscription, each entry as it arrives, EOF and CRC-64 at the `complete` item, then
 * completion. Chunks are up to 64 KiB and the subscriber may keep them (a socket write). Commands
 * and barriers (a consistent iteration with replication has them) are not part of an RDB: they
 * pass by untouched, for the caller to send after it. An iteration that ends without `complete`
 * is `FORKLESS_ERR_ITERATION_CLOSED`. `$EOF:` framing, if wanted, is the caller's.
 *
 * @example
 * ```ts
 * bgIteration(ks, { consistent: true, replication: false })
 *   .pipe(rdbChunks({ createdAt: Date.now(), replicationId, replicationOffset: ks.offset }))
 *   .subscribe((chunk) => socket.write(chunk));
 * ```
 */
export function rdbChunks(header: RdbHeader, sizeOf: ((db: number) => RdbDatabaseSize) | null = null): OperatorFunction<StoredIterationItem, Buffer> {
  return (items$) =>
    new Observable<Buffer>((subscriber) => {
      const writer = new RdbWriter((chunk) => subscriber.next(chunk), sizeOf);
      writer.begin(header);
      let completed = false;
      const subscription = items$.subscribe({
        next: (item) => {
          if (item.kind === 'entry') writer.writeEntry(item);
          else if (item.kind === 'complete') {
            completed = true;
            writer.end();
            subscriber.complete();
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          if (!completed) subscriber.error(new ForklessError('FORKLESS_ERR_ITERATION_CLOSED', 'the iteration ended without a complete item'));
        },
      });
      return () => subscription.unsubscribe();
    });
}
