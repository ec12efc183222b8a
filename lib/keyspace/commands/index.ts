import { buildCommandTable } from '../commandTable.js';
import { genericCommands } from './generic.js';
import { serverCommands } from './server.js';
import { stringCommands } from './strings.js';

/** Every command the keyspace knows, by lower-case name. */
export const commandTable = buildCommandTable(genericCommands, stringCommands, serverCommands);
