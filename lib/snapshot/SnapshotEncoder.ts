import type { EntryItem, PackedEntryItem } from '../keyspace/IterationItem.js';
import type { SnapshotFileSink } from './SnapshotFileSink.js';

/** The file formats a save can write: forkless's own (`.fkl`) or Redis's RDB (version 9). */
export type SnapshotFormat = 'forkless' | 'rdb';

/**
 * The format side of a save: what goes before the entries, how one entry is appended, and how the
 * file is closed. The save loop around it (queue, backpressure, time slices, progress, cancel) is
 * the same for every format.
 *
 * @example
 * ```ts
 * encoder.begin(sink);
 * const steps = encoder.entry(item, sink); // null: written at once; else pause between steps
 * await encoder.finish(sink, keysWritten);
 * await sink.publish(); // the point of no return
 * ```
 */
export interface SnapshotEncoder {
  /** Appends the header. */
  begin(sink: SnapshotFileSink): void;
  /**
   * Appends one entry: null when written at once, else an iterator whose steps each append a
   * bounded piece (the loop may wait for the disk or yield between steps).
   */
  entry(item: EntryItem | PackedEntryItem, sink: SnapshotFileSink): Iterator<unknown> | null;
  /** Appends the footer and makes the temporary file durable (it is published by the caller). */
  finish(sink: SnapshotFileSink, keys: number): Promise<void>;
}
