import { buildCommandTable } from '../commandTable.js';
import { bitCommands } from './bits.js';
import { bitfieldCommands } from './bitfield.js';
import { collectionScanCommands } from './collectionScan.js';
import { dumpRestoreCommands } from './dumpRestore.js';
import { genericCommands } from './generic.js';
import { hashCommands } from './hashes.js';
import { hyperLogLogCommands } from './hyperLogLog.js';
import { lcsCommands } from './lcs.js';
import { listBlockingCommands } from './listBlocking.js';
import { listPositionCommands } from './listPosition.js';
import { listCommands } from './lists.js';
import { objectCommands } from './object.js';
import { randomMemberCommands } from './randomMembers.js';
import { serverCommands } from './server.js';
import { setCommands } from './sets.js';
import { sortCommands } from './sort.js';
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
  objectCommands,
  sortCommands,
  stringCommands,
  bitCommands,
  bitfieldCommands,
  lcsCommands,
  hyperLogLogCommands,
  hashCommands,
  listCommands,
  listPositionCommands,
  listBlockingCommands,
  setCommands,
  sortedSetCommands,
  randomMemberCommands,
  collectionScanCommands,
  serverCommands,
  dumpRestoreCommands,
);
