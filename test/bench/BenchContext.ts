import type { BenchOptions } from './BenchOptions.js';
import type { ForegroundStats, WriterTarget } from './ForegroundProbe.js';
import type { RandomSource } from './benchData.js';
import type { StringDataset } from './stringDataset.js';

/** Foreground phases that sections record and the foreground section reports. */
export type PhaseName = 'idle' | 'iteration' | 'snapshot' | 'full sync';

/** What every section gets: options, the shared dataset, and figures other sections left. */
export interface BenchContext {
  readonly options: BenchOptions;
  readonly random: RandomSource;
  readonly dataset: StringDataset;
  /** The writer every foreground phase runs, on the shared dataset. */
  readonly writer: WriterTarget;
  /** A scratch directory for files, removed at the end. */
  readonly directory: string;
  /** Foreground stats by phase; 'idle' is measured before any section runs. */
  readonly phases: Map<PhaseName, ForegroundStats>;
  /** Figures sections compare across each other, e.g. 'snapshot.keysPerSecond'. */
  readonly figures: Map<string, number>;
}
