import { buildCommandTable } from '../commandTable.js';
import { dumpRestoreCommands } from './dumpRestore.js';
import { genericCommands } from './generic.js';
import { hashCommands } from './hashes.js';
import { listCommands } from './lists.js';
import { serverCommands } from './server.js';
import { setCommands } from './sets.js';
import { sortedSetCommands } from './sortedSets.js';
import { stringCommands } from './strings.js';

/**
 * Every command the keyspace knows, by lower-case name.
 *
 * @example
 * ```ts
 * commandTable.get('sunionstore')!.keys(['SUNIONSTORE', 'dest', 'a', 'b'], 0);
 * // [{ db: 0, key: 'dest', write: true }, { db: 0, key: 'a', write: false }, { db: 0, key: 'b', write: false }]
 * ```
 */
export const commandTable = buildCommandTable(
  genericCommands,
  stringCommands,
  hashCommands,
  listCommands,
  setCommands,
  sortedSetCommands,
  serverCommands,
  dumpRestoreCommands,
);
