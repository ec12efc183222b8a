import { defineCommand, type CommandSpecification, type KeySpecification, type Reply } from '../commandTable.js';
import type { CommandContext } from '../CommandContext.js';
import { isIntegerText, objectEncoding } from '../objectEncoding.js';
import { ReplyError, ReplyErrors } from '../ReplyError.js';
import { errorText } from './errorText.js';

const HELP = [
  'OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
  'HELP',
  '    Prints this help.',
];

/** Redis shares the integer objects 0..9999 (refcount INT_MAX) under the default maxmemory policy. */
const SHARED_REFCOUNT = 2147483647;

const SUBCOMMANDS: Record<string, (context: CommandContext) => Reply> = {
  encoding: (c) => {
    const entry = c.read(c.arg(2));
    return entry === undefined ? null : objectEncoding(entry.type, entry.value, c.keyspace.encoding);
  },
  freq: (c) => {
    if (c.read(c.arg(2)) === undefined) return null;
    throw new ReplyError(
      'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
    );
  },
  // The keyspace keeps no access clock: every key counts as just used.
  idletime: (c) => (c.read(c.arg(2)) === undefined ? null : 0),
  refcount: (c) => {
    const entry = c.read(c.arg(2));
    if (entry === undefined) return null;
    const shared = entry.type === 'string' && isIntegerText(entry.value as string) && Number(entry.value) >= 0 && Number(entry.value) < 10000;
    return shared ? SHARED_REFCOUNT : 1;
  },
};

function object(context: CommandContext): Reply {
  const name = context.arg(1).toLowerCase();
  if (name === 'help') {
    if (context.argv.length !== 2) throw ReplyErrors.arity('object|help');
    return HELP;
  }
  const subcommand = SUBCOMMANDS[name];
  if (subcommand === undefined) throw new ReplyError(`ERR unknown subcommand '${errorText(context.arg(1)).slice(0, 128)}'. Try OBJECT HELP.`);
  if (context.argv.length !== 3) throw ReplyErrors.arity(`object|${name}`);
  return subcommand(context);
}

/** The key of `OBJECT <subcommand> key`, read. */
const objectKeys: KeySpecification = (argv, db) => (argv.length === 3 && argv[1]!.toLowerCase() !== 'help' ? [{ db, key: argv[2]!, write: false }] : []);

/**
 * OBJECT ENCODING|FREQ|IDLETIME|REFCOUNT|HELP, answering as Redis 7.0 under the default
 * maxmemory policy (FREQ is an error, IDLETIME 0, shared small integers have refcount INT_MAX).
 *
 * @example
 * ```ts
 * ks.execute(['SADD', 's', '1', '2']);
 * ks.execute(['OBJECT', 'ENCODING', 's']); // 'intset'
 * ```
 */
export const objectCommands: CommandSpecification[] = [
  defineCommand({ name: 'object', arity: -2, flags: ['readonly'], keys: objectKeys, reply: (argv) => (argv[1]!.toLowerCase() === 'help' ? 'status' : 'bulk'), run: object }),
];
