import { defineCommand, keyRange, type CommandSpecification, type KeySpecification, type Reply } from '../commandTable.js';
import type { CommandContext } from '../CommandContext.js';
import { parseInteger } from '../parse.js';
import { ReplyError, ReplyErrors } from '../ReplyError.js';
import { expireCommandTime } from './expiryTime.js';
import { errorText } from './errorText.js';
import { compileGlob } from './glob.js';
import { refuseInClusterMode } from './clusterMode.js';
import { SLOT_COUNT } from '../keyHashSlot.js';

const firstKey = keyRange(1, 1, 1, 'write');
const readFirstKey = keyRange(1, 1, 1, 'read');
const allKeysWritten = keyRange(1, -1, 1, 'write');

function del(context: CommandContext): Reply {
  let deleted = 0;
  for (const key of context.argv.slice(1)) if (context.remove(key)) deleted++;
  return deleted;
}

function rename(context: CommandContext, onlyIfTargetMissing: boolean): Reply {
  const source = context.arg(1);
  const target = context.arg(2);
  if (!context.exists(source)) throw ReplyErrors.noSuchKey();
  if (onlyIfTargetMissing && context.exists(target)) return 0;
  if (source !== target) context.copyKey(source, target, context.db, false);
  else context.markChanged();
  return onlyIfTargetMissing ? 1 : 'OK';
}

function parseCopyOptions(context: CommandContext): { db: number; replace: boolean } {
  let db = context.db;
  let replace = false;
  for (let index = 3; index < context.argv.length; index++) {
    const option = context.arg(index).toUpperCase();
    if (option === 'REPLACE') replace = true;
    else if (option === 'DB' && index + 1 < context.argv.length) {
      db = parseInteger(context.arg(++index));
      if (db < 0 || db >= context.keyspace.databases.length) throw ReplyErrors.dbIndexOutOfRange();
    } else throw ReplyErrors.syntax();
  }
  return { db, replace };
}

/** COPY's destination database (the last `DB n`), or the current one; tolerant of bad input. */
const copyKeys: KeySpecification = (argv, db) => {
  let targetDb = db;
  for (let index = 3; index + 1 < argv.length; index++) {
    if (argv[index]!.toUpperCase() === 'DB' && /^\d+$/.test(argv[index + 1]!)) targetDb = Number(argv[++index]);
  }
  return [
    { db, key: argv[1]!, write: false },
    { db: targetDb, key: argv[2]!, write: true },
  ];
};

function copy(context: CommandContext): Reply {
  const source = context.arg(1);
  const target = context.arg(2);
  const { db, replace } = parseCopyOptions(context);
  if (context.db !== 0 || db !== 0) refuseInClusterMode(context, 'Copying to another database is not allowed in cluster mode');
  if (source === target && db === context.db) throw new ReplyError('ERR source and destination objects are the same');
  if (!context.exists(source)) return 0;
  if (context.exists(target, db) && !replace) return 0;
  context.copyKey(source, target, db, true);
  return 1;
}

const moveKeys: KeySpecification = (argv, db) => {
  const keys = [{ db, key: argv[1]!, write: true }];
  if (/^\d+$/.test(argv[2]!)) keys.push({ db: Number(argv[2]), key: argv[1]!, write: true });
  return keys;
};

function move(context: CommandContext): Reply {
  refuseInClusterMode(context, 'MOVE is not allowed in cluster mode');
  const key = context.arg(1);
  const db = parseInteger(context.arg(2));
  if (db < 0 || db >= context.keyspace.databases.length) throw ReplyErrors.dbIndexOutOfRange();
  if (db === context.db) throw new ReplyError('ERR source and destination objects are the same');
  if (!context.exists(key) || context.exists(key, db)) return 0;
  context.copyKey(key, key, db, false);
  return 1;
}

type ExpireCondition = 'NX' | 'XX' | 'GT' | 'LT';

function parseExpireConditions(context: CommandContext): Set<ExpireCondition> {
  const conditions = new Set<ExpireCondition>();
  for (const argument of context.argv.slice(3)) {
    const option = argument.toUpperCase();
    if (option !== 'NX' && option !== 'XX' && option !== 'GT' && option !== 'LT') throw new ReplyError(`ERR Unsupported option ${errorText(argument)}`);
    conditions.add(option);
  }
  if (conditions.has('NX') && conditions.size > 1) throw new ReplyError('ERR NX and XX, GT or LT options at the same time are not compatible');
  if (conditions.has('GT') && conditions.has('LT')) throw new ReplyError('ERR GT and LT options at the same time are not compatible');
  return conditions;
}

function expireCommand(unitMs: number, relative: boolean, name: string) {
  return (context: CommandContext): Reply => {
    const key = context.arg(1);
    const conditions = parseExpireConditions(context);
    const expiresAt = expireCommandTime(context.arg(2), context.now, unitMs, relative, name);
    const entry = context.read(key);
    if (entry === undefined) return 0;
    const current = entry.expiresAt ?? Infinity;
    if ((conditions.has('NX') && entry.expiresAt !== null) || (conditions.has('XX') && entry.expiresAt === null)) return 0;
    if ((conditions.has('GT') && !(expiresAt > current)) || (conditions.has('LT') && !(expiresAt < current))) return 0;
    if (expiresAt <= context.expiryTime) {
      context.remove(key);
      context.propagateAs(['DEL', key]);
      return 1;
    }
    context.setExpiry(key, expiresAt);
    context.propagateAs(['PEXPIREAT', key, String(expiresAt)]);
    return 1;
  };
}

function ttl(unitMs: number) {
  return (context: CommandContext): Reply => {
    const entry = context.read(context.arg(1));
    if (entry === undefined) return -2;
    if (entry.expiresAt === null) return -1;
    const remaining = Math.max(0, entry.expiresAt - context.now);
    return unitMs === 1 ? remaining : Math.floor((remaining + 500) / 1000);
  };
}

function expiretime(unitMs: number) {
  return (context: CommandContext): Reply => {
    const entry = context.read(context.arg(1));
    if (entry === undefined) return -2;
    if (entry.expiresAt === null) return -1;
    return unitMs === 1 ? entry.expiresAt : Math.floor(entry.expiresAt / 1000);
  };
}

function keys(context: CommandContext): Reply {
  const matches = compileGlob(context.arg(1));
  const found: string[] = [];
  for (const key of [...context.database().visibleKeys()]) {
    if (matches(key) && context.exists(key)) found.push(key);
  }
  return found;
}

/**
 * SCAN's cursor is a hash slot: each call returns whole slots (a key's slot never changes), from
 * the cursor's slot on, until COUNT keys were visited, so every key present throughout is returned
 * exactly once. The reply's cursor is the next slot, or 0 at the end.
 */
function scan(context: CommandContext): Reply {
  const cursor = parseInteger(context.arg(1), () => new ReplyError('ERR invalid cursor'));
  let count = 10;
  let matches: ((key: string) => boolean) | null = null;
  let type: string | null = null;
  for (let index = 2; index < context.argv.length; index += 2) {
    const option = context.arg(index).toUpperCase();
    const value = context.argv[index + 1];
    if (value === undefined) throw ReplyErrors.syntax();
    if (option === 'COUNT') {
      count = parseInteger(value);
      if (count < 1) throw ReplyErrors.syntax();
    } else if (option === 'MATCH') matches = compileGlob(value);
    else if (option === 'TYPE') type = value.toLowerCase();
    else throw ReplyErrors.syntax();
  }
  const database = context.database();
  const found: string[] = [];
  let visited = 0;
  let slot = cursor < 0 || cursor >= SLOT_COUNT ? SLOT_COUNT : database.nextVisibleSlot(cursor);
  for (; slot < SLOT_COUNT && visited < count; slot = database.nextVisibleSlot(slot + 1)) {
    for (const key of [...database.slot(slot)!.keys()]) {
      visited++;
      if (matches !== null && !matches(key)) continue;
      const live = context.read(key);
      if (live !== undefined && (type === null || live.type === type)) found.push(key);
    }
  }
  return [String(slot < SLOT_COUNT ? slot : 0), found];
}

function randomkey(context: CommandContext): Reply {
  const database = context.database();
  for (let attempt = 0; attempt < 100 && database.size > 0; attempt++) {
    let skip = Math.floor(Math.random() * database.size);
    for (const key of database.visibleKeys()) {
      if (skip-- > 0) continue;
      if (context.exists(key)) return key;
      break;
    }
  }
  return null;
}

/** Key-space commands: DEL, EXISTS, TYPE, RENAME, COPY, MOVE, the EXPIRE family, KEYS, SCAN, … */
export const genericCommands: CommandSpecification[] = [
  defineCommand({ name: 'del', arity: -2, flags: ['write'], keys: allKeysWritten, run: del }),
  defineCommand({ name: 'unlink', arity: -2, flags: ['write'], keys: allKeysWritten, run: del }),
  defineCommand({
    name: 'exists',
    arity: -2,
    flags: ['readonly'],
    keys: keyRange(1, -1, 1, 'read'),
    run: (c) => c.argv.slice(1).filter((key) => c.exists(key)).length,
  }),
  defineCommand({
    name: 'touch',
    arity: -2,
    flags: ['readonly'],
    keys: keyRange(1, -1, 1, 'read'),
    run: (c) => c.argv.slice(1).filter((key) => c.exists(key)).length,
  }),
  defineCommand({ name: 'type', arity: 2, flags: ['readonly'], reply: 'status', keys: readFirstKey, run: (c) => c.read(c.arg(1))?.type ?? 'none' }),
  defineCommand({ name: 'rename', arity: 3, flags: ['write'], reply: 'status', keys: keyRange(1, 2, 1, 'write'), run: (c) => rename(c, false) }),
  defineCommand({ name: 'renamenx', arity: 3, flags: ['write'], keys: keyRange(1, 2, 1, 'write'), run: (c) => rename(c, true) }),
  defineCommand({ name: 'copy', arity: -3, flags: ['write'], keys: copyKeys, run: copy }),
  defineCommand({ name: 'move', arity: 3, flags: ['write'], keys: moveKeys, run: move }),
  defineCommand({ name: 'expire', arity: -3, flags: ['write'], keys: firstKey, run: expireCommand(1000, true, 'expire') }),
  defineCommand({ name: 'pexpire', arity: -3, flags: ['write'], keys: firstKey, run: expireCommand(1, true, 'pexpire') }),
  defineCommand({ name: 'expireat', arity: -3, flags: ['write'], keys: firstKey, run: expireCommand(1000, false, 'expireat') }),
  defineCommand({ name: 'pexpireat', arity: -3, flags: ['write'], keys: firstKey, run: expireCommand(1, false, 'pexpireat') }),
  defineCommand({ name: 'ttl', arity: 2, flags: ['readonly'], keys: readFirstKey, run: ttl(1000) }),
  defineCommand({ name: 'pttl', arity: 2, flags: ['readonly'], keys: readFirstKey, run: ttl(1) }),
  defineCommand({ name: 'expiretime', arity: 2, flags: ['readonly'], keys: readFirstKey, run: expiretime(1000) }),
  defineCommand({ name: 'pexpiretime', arity: 2, flags: ['readonly'], keys: readFirstKey, run: expiretime(1) }),
  defineCommand({
    name: 'persist',
    arity: 2,
    flags: ['write'],
    keys: firstKey,
    run: (c) => {
      const entry = c.read(c.arg(1));
      if (entry?.expiresAt === null || entry === undefined) return 0;
      c.setExpiry(c.arg(1), null);
      return 1;
    },
  }),
  defineCommand({ name: 'keys', arity: 2, flags: ['readonly'], run: keys }),
  defineCommand({ name: 'scan', arity: -2, flags: ['readonly'], run: scan }),
  defineCommand({ name: 'dbsize', arity: 1, flags: ['readonly'], run: (c) => c.database().size }),
  defineCommand({ name: 'randomkey', arity: 1, flags: ['readonly'], run: randomkey }),
];
