import { defineCommand, shapeWithOption, keyRange, type CommandSpecification, type Reply } from '../commandTable.js';
import type { CommandContext } from '../CommandContext.js';
import { inInt64Range, parseBigInteger, parseClampedInteger } from '../parse.js';
import { addLongDouble, formatLongDouble, parseLongDouble } from './longDouble.js';
import { ReplyError, ReplyErrors } from '../ReplyError.js';
import { absoluteExpiry } from './expiryTime.js';
import { parseStringOptions } from './stringOptions.js';

/** Largest string Valkey allows (proto-max-bulk-len, 512 MB). */
const MAX_STRING_LENGTH = 512 * 1024 * 1024;

const firstKey = keyRange(1, 1, 1, 'write');
const readFirstKey = keyRange(1, 1, 1, 'read');

function stringValue(context: CommandContext, key: string): string | null {
  return context.readString(key);
}

/** Stores a string value; `expiresAt` undefined keeps the TTL, null clears it. */
function storeString(context: CommandContext, key: string, value: string, expiresAt: number | null | undefined): void {
  context.overwrite(key, 'string', value, expiresAt === undefined ? 'keep' : expiresAt);
}

function set(context: CommandContext): Reply {
  const key = context.arg(1);
  const value = context.arg(2);
  const options = parseStringOptions(context.argv, 3, 'set');
  const expiresAt = options.expiry === null ? null : absoluteExpiry(options.expiry.unit, options.expiry.text, context.now, 'set');
  const previous = options.get ? stringValue(context, key) : null;
  const exists = context.exists(key);
  if ((options.condition === 'NX' && exists) || (options.condition === 'XX' && !exists)) {
    return options.get ? previous : null;
  }
  storeString(context, key, value, options.keepTtl ? undefined : expiresAt);
  // Propagated without NX/XX/GET, with an absolute expiry; a plain SET goes as it came.
  if (context.argv.length > 3) {
    const propagated = ['SET', key, value];
    if (expiresAt !== null) propagated.push('PXAT', String(expiresAt));
    else if (options.keepTtl) propagated.push('KEEPTTL');
    context.propagateAs(propagated);
  }
  return options.get ? previous : 'OK';
}

function setWithExpiry(unit: 'EX' | 'PX', name: string) {
  return (context: CommandContext): Reply => {
    const key = context.arg(1);
    const expiresAt = absoluteExpiry(unit, context.arg(2), context.now, name);
    storeString(context, key, context.arg(3), expiresAt);
    context.propagateAs(['SET', key, context.arg(3), 'PXAT', String(expiresAt)]);
    return 'OK';
  };
}

function getex(context: CommandContext): Reply {
  const key = context.arg(1);
  const { expiry, persist } = parseStringOptions(context.argv, 2, 'getex');
  const value = stringValue(context, key);
  if (value === null || (expiry === null && !persist)) return value;
  // Valkey validates the time only once the key is known to exist.
  const expiresAt = expiry === null ? null : absoluteExpiry(expiry.unit, expiry.text, context.now, 'getex');
  if (expiresAt === null) {
    context.setExpiry(key, null);
    context.propagateAs(['PERSIST', key]);
  } else if (expiresAt <= context.expiryTime) {
    context.remove(key);
    context.propagateAs(['DEL', key]);
  } else {
    context.setExpiry(key, expiresAt);
    context.propagateAs(['PEXPIREAT', key, String(expiresAt)]);
  }
  return value;
}

function incrementBy(context: CommandContext, key: string, increment: bigint): Reply {
  const current = stringValue(context, key);
  const base = current === null ? 0n : parseBigInteger(current);
  const result = base + increment;
  if (!inInt64Range(result)) throw new ReplyError('ERR increment or decrement would overflow');
  storeString(context, key, result.toString(), undefined);
  return Number(result);
}

function incrbyfloat(context: CommandContext): Reply {
  const key = context.arg(1);
  const current = stringValue(context, key);
  const base = current === null ? { significand: 0n, exponent: 0 } : parseLongDouble(current);
  const increment = base === undefined ? undefined : parseLongDouble(context.arg(2));
  if (base === undefined || increment === undefined) throw ReplyErrors.notFloat();
  // Valkey adds in long double precision; an infinite operand makes the sum infinite (or NaN).
  const result = base === 'infinity' || increment === 'infinity' ? undefined : addLongDouble(base, increment);
  if (result === undefined) throw new ReplyError('ERR increment would produce NaN or Infinity');
  const text = formatLongDouble(result);
  storeString(context, key, text, undefined);
  // Long double arithmetic is not reproducible everywhere: propagate the result, keeping the TTL.
  context.propagateAs(['SET', key, text, 'KEEPTTL']);
  return text;
}

function getrange(context: CommandContext): Reply {
  let start = parseClampedInteger(context.arg(2));
  let end = parseClampedInteger(context.arg(3));
  const value = stringValue(context, context.arg(1)) ?? '';
  const length = value.length;
  if (start < 0 && end < 0 && start > end) return '';
  if (start < 0) start = Math.max(0, length + start);
  if (end < 0) end = Math.max(0, length + end);
  end = Math.min(end, length - 1);
  if (start > end || length === 0) return '';
  return value.slice(start, end + 1);
}

function setrange(context: CommandContext): Reply {
  const key = context.arg(1);
  const offset = parseClampedInteger(context.arg(2));
  if (offset < 0) throw new ReplyError('ERR offset is out of range');
  const patch = context.arg(3);
  const current = stringValue(context, key);
  if (patch.length === 0) return current?.length ?? 0;
  if (offset + patch.length > MAX_STRING_LENGTH) throw new ReplyError('ERR string exceeds maximum allowed size (proto-max-bulk-len)');
  const base = (current ?? '').padEnd(offset, '\0');
  const result = base.slice(0, offset) + patch + base.slice(offset + patch.length);
  storeString(context, key, result, undefined);
  return result.length;
}

function append(context: CommandContext): Reply {
  const key = context.arg(1);
  const result = (stringValue(context, key) ?? '') + context.arg(2);
  if (result.length > MAX_STRING_LENGTH) throw new ReplyError('ERR string exceeds maximum allowed size (proto-max-bulk-len)');
  storeString(context, key, result, undefined);
  return result.length;
}

function mset(context: CommandContext, onlyIfNoneExist: boolean): Reply {
  if (context.argv.length % 2 === 0) throw ReplyErrors.arity(onlyIfNoneExist ? 'msetnx' : 'mset');
  if (onlyIfNoneExist) {
    for (let index = 1; index < context.argv.length; index += 2) {
      if (context.read(context.arg(index)) !== undefined) return 0;
    }
  }
  for (let index = 1; index < context.argv.length; index += 2) {
    storeString(context, context.arg(index), context.arg(index + 1), null);
  }
  return onlyIfNoneExist ? 1 : 'OK';
}

/** The string commands. */
export const stringCommands: CommandSpecification[] = [
  defineCommand({ name: 'get', arity: 2, flags: ['readonly'], keys: readFirstKey, run: (c) => stringValue(c, c.arg(1)) }),
  defineCommand({ name: 'set', arity: -3, flags: ['write'], reply: shapeWithOption('get', 'bulk', 'status', 3), keys: firstKey, run: set }),
  defineCommand({
    name: 'setnx',
    arity: 3,
    flags: ['write'],
    keys: firstKey,
    run: (c) => {
      if (c.read(c.arg(1)) !== undefined) return 0;
      storeString(c, c.arg(1), c.arg(2), null);
      return 1;
    },
  }),
  defineCommand({ name: 'setex', arity: 4, flags: ['write'], reply: 'status', keys: firstKey, run: setWithExpiry('EX', 'setex') }),
  defineCommand({ name: 'psetex', arity: 4, flags: ['write'], reply: 'status', keys: firstKey, run: setWithExpiry('PX', 'psetex') }),
  defineCommand({
    name: 'getset',
    arity: 3,
    flags: ['write'],
    keys: firstKey,
    run: (c) => {
      const previous = stringValue(c, c.arg(1));
      storeString(c, c.arg(1), c.arg(2), null);
      return previous;
    },
  }),
  defineCommand({
    name: 'getdel',
    arity: 2,
    flags: ['write'],
    keys: firstKey,
    run: (c) => {
      const value = stringValue(c, c.arg(1));
      if (value !== null) {
        c.remove(c.arg(1));
        c.propagateAs(['DEL', c.arg(1)]);
      }
      return value;
    },
  }),
  defineCommand({ name: 'getex', arity: -2, flags: ['write'], keys: firstKey, run: getex }),
  defineCommand({
    name: 'mget',
    arity: -2,
    flags: ['readonly'],
    keys: keyRange(1, -1, 1, 'read'),
    run: (c) =>
      c.argv.slice(1).map((key) => {
        const entry = c.read(key);
        return entry?.type === 'string' ? (entry.value as string) : null;
      }),
  }),
  defineCommand({ name: 'mset', arity: -3, flags: ['write'], reply: 'status', keys: keyRange(1, -1, 2, 'write'), run: (c) => mset(c, false) }),
  defineCommand({ name: 'msetnx', arity: -3, flags: ['write'], keys: keyRange(1, -1, 2, 'write'), run: (c) => mset(c, true) }),
  defineCommand({ name: 'append', arity: 3, flags: ['write'], keys: firstKey, run: append }),
  defineCommand({ name: 'strlen', arity: 2, flags: ['readonly'], keys: readFirstKey, run: (c) => stringValue(c, c.arg(1))?.length ?? 0 }),
  defineCommand({ name: 'getrange', arity: 4, flags: ['readonly'], keys: readFirstKey, run: getrange }),
  defineCommand({ name: 'substr', arity: 4, flags: ['readonly'], keys: readFirstKey, run: getrange }),
  defineCommand({ name: 'setrange', arity: 4, flags: ['write'], keys: firstKey, run: setrange }),
  defineCommand({ name: 'incr', arity: 2, flags: ['write'], keys: firstKey, run: (c) => incrementBy(c, c.arg(1), 1n) }),
  defineCommand({ name: 'decr', arity: 2, flags: ['write'], keys: firstKey, run: (c) => incrementBy(c, c.arg(1), -1n) }),
  defineCommand({ name: 'incrby', arity: 3, flags: ['write'], keys: firstKey, run: (c) => incrementBy(c, c.arg(1), parseBigInteger(c.arg(2))) }),
  defineCommand({
    name: 'decrby',
    arity: 3,
    flags: ['write'],
    keys: firstKey,
    run: (c) => {
      const decrement = parseBigInteger(c.arg(2));
      // Negating the smallest int64 overflows before the key is even looked at.
      if (decrement === -(2n ** 63n)) throw new ReplyError('ERR decrement would overflow');
      return incrementBy(c, c.arg(1), -decrement);
    },
  }),
  defineCommand({ name: 'incrbyfloat', arity: 3, flags: ['write'], keys: firstKey, run: incrbyfloat }),
];
