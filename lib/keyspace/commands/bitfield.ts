import { defineCommand, type CommandSpecification, type Reply } from '../commandTable.js';
import type { CommandContext } from '../CommandContext.js';
import { parseBigInteger } from '../parse.js';
import { ReplyError, ReplyErrors } from '../ReplyError.js';
import { getBit, growString, parseBitOffset } from './bitOffset.js';
import { firstKeyRead, firstKeyWritten } from './keySpecs.js';

type Overflow = 'wrap' | 'sat' | 'fail';

interface FieldType {
  readonly signed: boolean;
  readonly bits: number;
}

interface Operation {
  readonly kind: 'get' | 'set' | 'incrby';
  readonly type: FieldType;
  readonly offset: number;
  readonly value: bigint;
  readonly overflow: Overflow;
}

const ARGUMENT_COUNTS: Record<string, number> = { get: 2, set: 3, incrby: 3 };

function parseType(text: string): FieldType {
  const error = () => new ReplyError('ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.');
  const sign = text[0];
  if (sign !== 'i' && sign !== 'u') throw error();
  const bits = Number(parseBigInteger(text.slice(1), error));
  if (bits < 1 || (sign === 'i' && bits > 64) || (sign === 'u' && bits > 63)) throw error();
  return { signed: sign === 'i', bits };
}

/** Parses every subcommand first: any error rejects the whole command before it changes anything. */
function parseOperations(context: CommandContext): Operation[] {
  const operations: Operation[] = [];
  let overflow: Overflow = 'wrap';
  for (let index = 2; index < context.argv.length; index++) {
    const name = context.arg(index).toLowerCase();
    const remaining = context.argv.length - index - 1;
    if (name === 'overflow' && remaining >= 1) {
      const mode = context.arg(++index).toLowerCase();
      if (mode !== 'wrap' && mode !== 'sat' && mode !== 'fail') throw new ReplyError('ERR Invalid OVERFLOW type specified');
      overflow = mode;
      continue;
    }
    const needed = ARGUMENT_COUNTS[name];
    if (needed === undefined || remaining < needed) throw ReplyErrors.syntax();
    const type = parseType(context.arg(index + 1));
    const offset = parseBitOffset(context.arg(index + 2), type.bits);
    const value = name === 'get' ? 0n : parseBigInteger(context.arg(index + 3));
    operations.push({ kind: name as Operation['kind'], type, offset, value, overflow });
    index += needed;
  }
  return operations;
}

function readField(value: string, { signed, bits }: FieldType, offset: number): bigint {
  let field = 0n;
  for (let bit = 0; bit < bits; bit++) field = (field << 1n) | BigInt(getBit(value, offset + bit));
  return signed ? BigInt.asIntN(bits, field) : field;
}

function writeField(value: string, { bits }: FieldType, offset: number, field: bigint): string {
  const codes = Buffer.from(value, 'latin1');
  const raw = BigInt.asUintN(bits, field);
  for (let bit = 0; bit < bits; bit++) {
    const position = offset + bit;
    const mask = 1 << (7 - (position & 7));
    const on = (raw >> BigInt(bits - 1 - bit)) & 1n;
    codes[position >> 3] = on === 1n ? codes[position >> 3]! | mask : codes[position >> 3]! & ~mask;
  }
  return codes.toString('latin1');
}

/** The value to store for `wanted` (the exact result), or null when FAIL rejects an overflow. */
function fitField({ signed, bits }: FieldType, wanted: bigint, overflow: Overflow): bigint | null {
  const min = signed ? -(1n << BigInt(bits - 1)) : 0n;
  const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
  if (wanted >= min && wanted <= max) return wanted;
  if (overflow === 'fail') return null;
  if (overflow === 'sat') return wanted > max ? max : min;
  return signed ? BigInt.asIntN(bits, wanted) : BigInt.asUintN(bits, wanted);
}

function runOperations(operations: readonly Operation[], value: string): { replies: Reply[]; value: string } {
  const replies: Reply[] = [];
  for (const { kind, type, offset, value: argument, overflow } of operations) {
    const current = readField(value, type, offset);
    if (kind === 'get') {
      replies.push(Number(current));
      continue;
    }
    // SET of an unsigned field takes the argument as the unsigned 64-bit number C sees.
    const wanted = kind === 'incrby' ? current + argument : type.signed ? argument : BigInt.asUintN(64, argument);
    const stored = fitField(type, wanted, overflow);
    if (stored === null) {
      replies.push(null);
      continue;
    }
    value = writeField(value, type, offset, stored);
    replies.push(Number(kind === 'incrby' ? stored : current));
  }
  return { replies, value };
}

function bitfield(readOnly: boolean) {
  return (context: CommandContext): Reply => {
    const operations = parseOperations(context);
    const key = context.arg(1);
    const writes = operations.filter(({ kind }) => kind !== 'get');
    if (writes.length === 0) {
      return runOperations(operations, context.read(key, 'string')?.value ?? '').replies;
    }
    if (readOnly) throw new ReplyError('ERR BITFIELD_RO only supports the GET subcommand');
    const current = context.read(key, 'string')?.value ?? '';
    // The string grows to the farthest bit written, even when FAIL then writes nothing.
    const highest = Math.max(...writes.map(({ offset, type }) => offset + type.bits - 1));
    const { replies, value } = runOperations(operations, growString(current, (highest >> 3) + 1));
    context.overwrite(key, 'string', value, 'keep');
    return replies;
  };
}

/**
 * BITFIELD (GET, SET, INCRBY, OVERFLOW WRAP|SAT|FAIL) and BITFIELD_RO (GET only).
 *
 * @example
 * ```ts
 * ks.execute(['BITFIELD', 'k', 'OVERFLOW', 'SAT', 'INCRBY', 'u8', '#0', '300']); // [255]
 * ```
 */
export const bitfieldCommands: CommandSpecification[] = [
  defineCommand({ name: 'bitfield', arity: -2, flags: ['write'], keys: firstKeyWritten, run: bitfield(false) }),
  defineCommand({ name: 'bitfield_ro', arity: -2, flags: ['readonly'], keys: firstKeyRead, run: bitfield(true) }),
];
