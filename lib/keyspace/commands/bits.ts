import { defineCommand, keyRange, type CommandSpecification, type Reply } from '../commandTable.js';
import type { CommandContext } from '../CommandContext.js';
import { parseBigInteger, parseInteger } from '../parse.js';
import { ReplyError, ReplyErrors } from '../ReplyError.js';
import { getBit, growString, parseBitOffset } from './bitOffset.js';
import { firstKeyRead, firstKeyWritten } from './keySpecs.js';

function stringValue(context: CommandContext, key: string): string | undefined {
  return context.read(key, 'string')?.value;
}

function setbit(context: CommandContext): Reply {
  const offset = parseBitOffset(context.arg(2));
  const bitError = () => new ReplyError('ERR bit is not an integer or out of range');
  const on = parseInteger(context.arg(3), bitError);
  if (on !== 0 && on !== 1) throw bitError();
  const key = context.arg(1);
  const value = growString(stringValue(context, key) ?? '', (offset >> 3) + 1);
  const previous = getBit(value, offset);
  const byte = offset >> 3;
  const mask = 1 << (7 - (offset & 7));
  const code = on === 1 ? value.charCodeAt(byte) | mask : value.charCodeAt(byte) & ~mask;
  context.overwrite(key, 'string', value.slice(0, byte) + String.fromCharCode(code) + value.slice(byte + 1), 'keep');
  return previous;
}

/** Counts set bits of the byte string between two bit positions (inclusive). */
function countBits(value: string, first: number, last: number): number {
  let count = 0;
  for (let offset = first; offset <= last; offset++) count += getBit(value, offset);
  return count;
}

/** Start/end of BITCOUNT and BITPOS in bits, after Redis's negative-index rules; null if empty. */
function bitRange(length: number, start: number, end: number, unit: 'byte' | 'bit'): { first: number; last: number } | null {
  const total = unit === 'bit' ? length * 8 : length;
  if (start < 0) start += total;
  if (end < 0) end += total;
  start = Math.max(0, start);
  end = Math.min(Math.max(0, end), total - 1);
  if (start > end) return null;
  return unit === 'bit' ? { first: start, last: end } : { first: start * 8, last: end * 8 + 7 };
}

function parseUnit(text: string | undefined): 'byte' | 'bit' {
  if (text === undefined) return 'byte';
  const unit = text.toLowerCase();
  if (unit !== 'byte' && unit !== 'bit') throw ReplyErrors.syntax();
  return unit;
}

const bigToNumber = (value: bigint) => Number(value > 2n ** 53n ? 2n ** 53n : value < -(2n ** 53n) ? -(2n ** 53n) : value);

function bitcount(context: CommandContext): Reply {
  const value = stringValue(context, context.arg(1));
  if (value === undefined) return 0;
  const count = context.argv.length;
  if (count === 2) return countBits(value, 0, value.length * 8 - 1);
  if (count !== 4 && count !== 5) throw ReplyErrors.syntax();
  const start = bigToNumber(parseBigInteger(context.arg(2)));
  const end = bigToNumber(parseBigInteger(context.arg(3)));
  const unit = parseUnit(context.argv[4]);
  if (start < 0 && end < 0 && start > end) return 0;
  const range = bitRange(value.length, start, end, unit);
  return range === null ? 0 : countBits(value, range.first, range.last);
}

function bitpos(context: CommandContext): Reply {
  const bit = parseInteger(context.arg(2));
  if (bit !== 0 && bit !== 1) throw new ReplyError('ERR The bit argument must be 1 or 0.');
  const value = stringValue(context, context.arg(1));
  if (value === undefined) return bit === 1 ? -1 : 0;
  const count = context.argv.length;
  if (count > 6) throw ReplyErrors.syntax();
  const start = count >= 4 ? bigToNumber(parseBigInteger(context.arg(3))) : 0;
  const unit = parseUnit(context.argv[5]);
  const endGiven = count >= 5;
  const end = endGiven ? bigToNumber(parseBigInteger(context.arg(4))) : unit === 'bit' ? value.length * 8 + 7 : value.length - 1;
  const range = bitRange(value.length, start, end, unit);
  if (range === null) return -1;
  for (let offset = range.first; offset <= range.last; offset++) if (getBit(value, offset) === bit) return offset;
  // Looking for a clear bit without an explicit end: the string counts as padded with zeros.
  return bit === 1 || endGiven ? -1 : ((range.last >> 3) + 1) * 8;
}

type BitOperation = 'and' | 'or' | 'xor' | 'not';
const BYTE_OPERATIONS: Record<Exclude<BitOperation, 'not'>, (a: number, b: number) => number> = {
  and: (a, b) => a & b,
  or: (a, b) => a | b,
  xor: (a, b) => a ^ b,
};

function bitop(context: CommandContext): Reply {
  const operation = context.arg(1).toLowerCase() as BitOperation;
  if (!['and', 'or', 'xor', 'not'].includes(operation)) throw ReplyErrors.syntax();
  const sources = context.argv.slice(3);
  if (operation === 'not' && sources.length !== 1) throw new ReplyError('ERR BITOP NOT must be called with a single source key.');
  const values = sources.map((key) => stringValue(context, key) ?? '');
  const length = Math.max(...values.map((value) => value.length));
  const destination = context.arg(2);
  if (length === 0) {
    context.remove(destination);
    return 0;
  }
  const codes: number[] = new Array(length);
  for (let index = 0; index < length; index++) {
    const bytes = values.map((value) => (index < value.length ? value.charCodeAt(index) : 0));
    codes[index] = operation === 'not' ? ~bytes[0]! & 0xff : bytes.reduce(BYTE_OPERATIONS[operation]);
  }
  context.overwrite(destination, 'string', Buffer.from(codes).toString('latin1'), null);
  return length;
}

/**
 * SETBIT, GETBIT, BITCOUNT (BYTE|BIT), BITPOS (BYTE|BIT) and BITOP AND|OR|XOR|NOT.
 *
 * @example
 * ```ts
 * ks.execute(['SETBIT', 'flags', '7', '1']); // 0 (the previous bit); flags is now '\x01'
 * ks.execute(['BITPOS', 'flags', '1']);      // 7
 * ```
 */
export const bitCommands: CommandSpecification[] = [
  defineCommand({ name: 'setbit', arity: 4, flags: ['write'], keys: firstKeyWritten, run: setbit }),
  defineCommand({
    name: 'getbit',
    arity: 3,
    flags: ['readonly'],
    keys: firstKeyRead,
    run: (c) => {
      const offset = parseBitOffset(c.arg(2));
      return getBit(stringValue(c, c.arg(1)) ?? '', offset);
    },
  }),
  defineCommand({ name: 'bitcount', arity: -2, flags: ['readonly'], keys: firstKeyRead, run: bitcount }),
  defineCommand({ name: 'bitpos', arity: -3, flags: ['readonly'], keys: firstKeyRead, run: bitpos }),
  defineCommand({ name: 'bitop', arity: -4, flags: ['write'], keys: keyRange(2, -1, 1, 'first-write'), writesFirstKeyOnly: true, run: bitop }),
];
