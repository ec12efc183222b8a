import type { CliCommand } from '../CliCommand.js';
import { clusterCreate } from './clusterCreate.js';
import { follow } from './follow.js';
import { snapshotConvert } from './snapshotConvert.js';
import { snapshotFetch } from './snapshotFetch.js';
import { snapshotInspect } from './snapshotInspect.js';
import { snapshotLoad } from './snapshotLoad.js';
import { snapshotSave } from './snapshotSave.js';
import { snapshotVerify } from './snapshotVerify.js';

/**
 * Every subcommand of `forkless`, in the order `--help` lists them. To add one (`server`,
 * `cluster create`, `snapshot convert` …): write `lib/cli/commands/<name>.ts` exporting a
 * {@link CliCommand} and add one row here; groups (`snapshot`, `cluster`) and their `--help` come
 * from the names. One row per line (prettier-ignore), so commands added in parallel merge cleanly.
 *
 * @example
 * ```ts
 * commands.map((command) => command.name.join(' ')); // ['snapshot save', …, 'follow']
 * ```
 */
// prettier-ignore
export const commands: readonly CliCommand[] = [
  snapshotSave,
  snapshotLoad,
  snapshotInspect,
  snapshotVerify,
  snapshotConvert,
  snapshotFetch,
  follow,
  clusterCreate,
];
