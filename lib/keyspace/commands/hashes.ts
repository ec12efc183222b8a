import { defineCommand, type CommandSpecification, type Reply } from '../commandTable.js';
import type { CommandContext } from '../CommandContext.js';
import { inInt64Range, parseBigInteger } from '../parse.js';
import { ReplyError, ReplyErrors } from '../ReplyError.js';
import { firstKeyRead, firstKeyWritten } from './keySpecs.js';
import { addLongDouble, formatLongDouble, parseLongDouble } from './longDouble.js';

type Hash = Map<string, string>;

function readHash(context: CommandContext): Hash | undefined {
  return context.read(context.arg(1), 'hash')?.value;
}

/** Applies `change` to the hash at argv[1], creating it if missing and deleting it if emptied. */
function changeHash<T>(context: CommandContext, change: (hash: Hash) => T): T {
  const key = context.arg(1);
  if (context.read(key, 'hash') !== undefined) return context.update(key, 'hash', change);
  const hash: Hash = new Map();
  const result = change(hash);
  if (hash.size > 0) context.create(key, 'hash', hash);
  return result;
}

function hset(context: CommandContext, name: string, reply: (created: number) => Reply): Reply {
  if (context.argv.length % 2 === 1) throw ReplyErrors.arity(name);
  readHash(context);
  const created = changeHash(context, (hash) => {
    let added = 0;
    for (let index = 2; index < context.argv.length; index += 2) {
      if (!hash.has(context.arg(index))) added++;
      hash.set(context.arg(index), context.arg(index + 1));
    }
    return added;
  });
  return reply(created);
}

function hsetnx(context: CommandContext): Reply {
  if (readHash(context)?.has(context.arg(2))) return 0;
  changeHash(context, (hash) => hash.set(context.arg(2), context.arg(3)));
  return 1;
}

function hdel(context: CommandContext): Reply {
  const hash = readHash(context);
  const fields = context.argv.slice(2);
  if (hash === undefined || !fields.some((field) => hash.has(field))) return 0;
  return changeHash(context, (writable) => fields.filter((field) => writable.delete(field)).length);
}

function hincrby(context: CommandContext): Reply {
  const increment = parseBigInteger(context.arg(3));
  const current = readHash(context)?.get(context.arg(2));
  const base = current === undefined ? 0n : parseBigInteger(current, () => new ReplyError('ERR hash value is not an integer'));
  const result = base + increment;
  if (!inInt64Range(result)) throw new ReplyError('ERR increment or decrement would overflow');
  changeHash(context, (hash) => hash.set(context.arg(2), result.toString()));
  return Number(result);
}

function hincrbyfloat(context: CommandContext): Reply {
  const increment = parseLongDouble(context.arg(3));
  if (increment === undefined) throw ReplyErrors.notFloat();
  if (increment === 'infinity') throw new ReplyError('ERR value is NaN or Infinity');
  const current = readHash(context)?.get(context.arg(2));
  const base = current === undefined ? { significand: 0n, exponent: 0 } : parseLongDouble(current);
  if (base === undefined) throw new ReplyError('ERR hash value is not a float');
  const result = base === 'infinity' ? undefined : addLongDouble(base, increment);
  if (result === undefined) throw new ReplyError('ERR increment would produce NaN or Infinity');
  const text = formatLongDouble(result);
  changeHash(context, (hash) => hash.set(context.arg(2), text));
  // Long double arithmetic is not reproducible everywhere: propagate the result.
  context.propagateAs(['HSET', context.arg(1), context.arg(2), text]);
  return text;
}

function hgetall(context: CommandContext): Reply {
  const hash = readHash(context);
  return hash === undefined ? [] : [...hash].flat();
}

/**
 * The hash commands.
 *
 * @example
 * ```ts
 * ks.execute(['HSET', 'user', 'name', 'ada', 'age', '36']); // 2
 * ks.execute(['HINCRBYFLOAT', 'user', 'age', '0.5']);       // '36.5', propagated as HSET user age 36.5
 * ```
 */
export const hashCommands: CommandSpecification[] = [
  defineCommand({ name: 'hset', arity: -4, flags: ['write'], keys: firstKeyWritten, run: (c) => hset(c, 'hset', (created) => created) }),
  defineCommand({ name: 'hmset', arity: -4, flags: ['write'], reply: 'status', keys: firstKeyWritten, run: (c) => hset(c, 'hmset', () => 'OK') }),
  defineCommand({ name: 'hsetnx', arity: 4, flags: ['write'], keys: firstKeyWritten, run: hsetnx }),
  defineCommand({ name: 'hget', arity: 3, flags: ['readonly'], keys: firstKeyRead, run: (c) => c.readField(c.arg(1), c.arg(2)) ?? null }),
  defineCommand({
    name: 'hmget',
    arity: -3,
    flags: ['readonly'],
    keys: firstKeyRead,
    run: (c) => {
      const hash = readHash(c);
      return c.argv.slice(2).map((field) => hash?.get(field) ?? null);
    },
  }),
  defineCommand({ name: 'hdel', arity: -3, flags: ['write'], keys: firstKeyWritten, run: hdel }),
  defineCommand({ name: 'hgetall', arity: 2, flags: ['readonly'], reply: 'map', keys: firstKeyRead, run: hgetall }),
  defineCommand({ name: 'hlen', arity: 2, flags: ['readonly'], keys: firstKeyRead, run: (c) => readHash(c)?.size ?? 0 }),
  defineCommand({ name: 'hexists', arity: 3, flags: ['readonly'], keys: firstKeyRead, run: (c) => (c.holds(c.arg(1), 'hash', c.arg(2)) ? 1 : 0) }),
  defineCommand({ name: 'hincrby', arity: 4, flags: ['write'], keys: firstKeyWritten, run: hincrby }),
  defineCommand({ name: 'hincrbyfloat', arity: 4, flags: ['write'], keys: firstKeyWritten, run: hincrbyfloat }),
  defineCommand({ name: 'hkeys', arity: 2, flags: ['readonly'], keys: firstKeyRead, run: (c) => [...(readHash(c)?.keys() ?? [])] }),
  defineCommand({ name: 'hvals', arity: 2, flags: ['readonly'], keys: firstKeyRead, run: (c) => [...(readHash(c)?.values() ?? [])] }),
  defineCommand({ name: 'hstrlen', arity: 3, flags: ['readonly'], keys: firstKeyRead, run: (c) => c.readField(c.arg(1), c.arg(2))?.length ?? 0 }),
];
