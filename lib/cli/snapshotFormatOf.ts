import { extname } from 'node:path';
import type { SnapshotFormat } from '../snapshot/SnapshotEncoder.js';
import { UsageError } from './UsageError.js';

/**
 * The format a CLI command writes: `--format` if given (`rdb`, or `forkless`/`fkl`), else the
 * output file's extension (`.rdb`, `.fkl`), else `fallback`. Throws a {@link UsageError} for any other
 * `--format` value, or when nothing decides and there is no fallback.
 *
 * @example
 * ```ts
 * snapshotFormatOf(undefined, 'backup.rdb'); // 'rdb'
 * snapshotFormatOf('fkl', 'backup.rdb');     // 'forkless'
 * ```
 */
export function snapshotFormatOf(option: string | undefined, path: string, fallback?: SnapshotFormat): SnapshotFormat {
  if (option !== undefined) {
    const format = BY_NAME[option.toLowerCase()];
    if (format === undefined) throw new UsageError(`--format must be rdb or forkless (got '${option}')`);
    return format;
  }
  const byExtension = BY_NAME[extname(path).slice(1).toLowerCase()];
  if (byExtension !== undefined) return byExtension;
  if (fallback === undefined) throw new UsageError(`cannot tell the output format of '${path}': give --format rdb|forkless or a .rdb/.fkl name`);
  return fallback;
}

const BY_NAME: Readonly<Record<string, SnapshotFormat>> = { rdb: 'rdb', forkless: 'forkless', fkl: 'forkless' };
