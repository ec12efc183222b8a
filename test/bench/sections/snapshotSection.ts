import { join } from 'node:path';
import type { BenchContext } from '../BenchContext.js';
import { compared, plain, type BenchRow } from '../BenchRow.js';
import { ForegroundProbe } from '../ForegroundProbe.js';
import { foregroundRows } from '../foregroundRows.js';
import { buildMixedDataset } from '../mixedDataset.js';
import { measureCopyLimit, measureRawLimit, type RawLimit } from '../rawLimit.js';
import { timedSave, type SaveRun } from '../timedSave.js';

const MB = 1e6;

/** The experiment next to the defaults: the shortest time slices the options allow in practice. */
const FINE_SLICES = { budgetMs: 1, sliceMs: 1 } as const;

/**
 * Section "snapshot": saveSnapshot of the string dataset without writes and under the
 * overwrite load, and of a mixed-type dataset with 100k-element collections, each next to the
 * raw limit (one msgpackr encode + one write of the same pairs) measured in the same run, with
 * peak extra memory as a fraction of the dataset's own.
 *
 * @example
 * ```ts
 * const rows = await snapshotSection(context);
 * ```
 */
export async function snapshotSection(context: BenchContext): Promise<BenchRow[]> {
  const { dataset, directory, options } = context;
  const raw = await measureRawLimit(dataset.keyspace, join(directory, 'raw.bin'));
  const copy = await measureCopyLimit(dataset.keyspace, join(directory, 'copy.bin'));
  const quiet = await timedSave(dataset.keyspace, directory, 'quiet', () => new ForegroundProbe({ ...context.writer, writeRate: 0 }, context.random));
  const loaded = await timedSave(dataset.keyspace, directory, 'loaded', () => new ForegroundProbe(context.writer, context.random));
  // Same load with 1 ms slices for the cursor and the encoder: what shorter slices buy and cost.
  const fineSlices = await timedSave(dataset.keyspace, directory, 'fine', () => new ForegroundProbe(context.writer, context.random), FINE_SLICES, false);
  // The foreground phase: the same load, without a forced full GC right before (see timedSave).
  const latency = await timedSave(dataset.keyspace, directory, 'latency', () => new ForegroundProbe(context.writer, context.random), {}, false);
  context.phases.set('snapshot', latency.foreground);
  context.figures.set('snapshot.ms', quiet.elapsedMs);
  context.figures.set('snapshot.keysPerSecond', rate(quiet.keys, quiet.elapsedMs));
  context.figures.set('snapshot.rawKeysPerSecond', rate(raw.keys, raw.totalMs));
  context.figures.set('snapshot.megabytesPerSecond', rate(quiet.bytes / MB, quiet.elapsedMs));
  context.figures.set('snapshot.extraHeap', quiet.extraMemory.heap);
  context.figures.set('snapshot.loadedMs', loaded.elapsedMs);
  context.figures.set('snapshot.loadedExtraHeap', loaded.extraMemory.heap);
  const label = `${dataset.keys} × ${options.valueSize} B strings`;
  const rows = [
    plain('snapshot', `raw limit: encode ${raw.encodeMs.toFixed(0)} ms + write&fsync ${raw.writeMs.toFixed(0)} ms (${label})`, raw.totalMs, 'ms'),
    plain('snapshot', `copy limit: copy ${copy.encodeMs.toFixed(0)} ms + write&fsync ${copy.writeMs.toFixed(0)} ms (length-prefixed bytes, no encoder)`, copy.totalMs, 'ms'),
    ...saveRows('strings, no writes', quiet, raw, dataset.memoryBytes),
    compared('snapshot', 'keys/s, strings, no writes, vs copy limit', rate(quiet.keys, quiet.elapsedMs), 'keys/s', 'copy limit', rate(copy.keys, copy.totalMs)),
    ...saveRows(`strings, ${options.writeRate} SET/s`, loaded, raw, dataset.memoryBytes),
    ...foregroundRows('snapshot', 'save without writes', quiet.foreground, context.phases.get('idle')!, ['loopDelayP99', 'loopDelayMax']),
    compared(
      'snapshot',
      `keys/s, ${options.writeRate} SET/s, budgetMs ${FINE_SLICES.budgetMs} + sliceMs ${FINE_SLICES.sliceMs}`,
      rate(fineSlices.keys, fineSlices.elapsedMs),
      'keys/s',
      'default slices',
      rate(loaded.keys, loaded.elapsedMs),
    ),
    ...foregroundRows('snapshot', `save + ${options.writeRate} SET/s, 1 ms slices`, fineSlices.foreground, context.phases.get('idle')!, ['latencyP99', 'loopDelayP99']),
  ];
  return [...rows, ...(await mixedRows(context))];
}

async function mixedRows(context: BenchContext): Promise<BenchRow[]> {
  const { options, directory } = context;
  const bigSize = options.quick ? 10_000 : 100_000;
  const mixed = buildMixedDataset(context.random, Math.max(1000, Math.floor(options.keys / 5)), options.valueSize, bigSize);
  const raw = await measureRawLimit(mixed.keyspace, join(directory, 'raw-mixed.bin'));
  const save = await timedSave(mixed.keyspace, directory, 'mixed', () => new ForegroundProbe({ ...context.writer, writeRate: 0 }, context.random));
  const label = `mixed (${mixed.keys} keys, 4 × ${bigSize}-element collections)`;
  return [
    compared('snapshot', `elements/s, ${label}`, rate(mixed.elements, save.elapsedMs), 'elem/s', 'raw encode+write', rate(mixed.elements, raw.totalMs)),
    ...saveRows(label, save, raw, mixed.memoryBytes).slice(1),
    ...foregroundRows('snapshot', `save of ${label}`, save.foreground, context.phases.get('idle')!, ['loopDelayP99', 'loopDelayMax']),
  ];
}

function saveRows(label: string, save: SaveRun, raw: RawLimit, datasetBytes: number): BenchRow[] {
  return [
    compared('snapshot', `keys/s, ${label}`, rate(save.keys, save.elapsedMs), 'keys/s', 'raw encode+write', rate(raw.keys, raw.totalMs)),
    compared('snapshot', `MB/s, ${label}`, rate(save.bytes / MB, save.elapsedMs), 'MB/s', 'raw encode+write', rate(raw.bytes / MB, raw.totalMs)),
    compared('snapshot', `peak extra heap+external, ${label}`, save.extraMemory.heap / MB, 'MB', 'dataset memory', datasetBytes / MB),
    compared('snapshot', `peak extra RSS, ${label}`, save.extraMemory.rss / MB, 'MB', 'dataset memory', datasetBytes / MB),
  ];
}

function rate(count: number, elapsedMs: number): number {
  return count / (elapsedMs / 1000);
}
