import { byteStringToBuffer } from '../byteString.js';
import { defineCommand, keyRange, type CommandSpecification, type Reply } from '../commandTable.js';
import type { CommandContext } from '../CommandContext.js';
import { ReplyError } from '../ReplyError.js';
import { estimateCardinality, patternLength, registersOf } from '../hyperLogLog/hllCount.js';
import {
  CORRUPTED_HLL,
  HLL_DENSE,
  HLL_DENSE_SIZE,
  HLL_HEADER,
  HLL_REGISTERS,
  cacheCardinality,
  cachedCardinality,
  denseGet,
  denseSet,
  invalidateCache,
} from '../hyperLogLog/hllLayout.js';
import { createSparse, sparseSet, sparseToDense } from '../hyperLogLog/hllSparse.js';

const toByteString = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

/** The HLL bytes at `key` (a copy), undefined when missing; WRONGTYPE unless a valid HLL string. */
function readHll(context: CommandContext, key: string): Uint8Array | undefined {
  const value = context.read(key, 'string')?.value;
  if (value === undefined) return undefined;
  const bytes = Uint8Array.from(byteStringToBuffer(value));
  const valid = bytes.length >= HLL_HEADER && value.startsWith('HYLL') && bytes[4]! <= 1 && (bytes[4] !== HLL_DENSE || bytes.length === HLL_DENSE_SIZE);
  if (!valid) throw new ReplyError('WRONGTYPE Key is not a valid HyperLogLog string value.');
  return bytes;
}

/** Raises register `index` to `count`; returns the (possibly new) bytes and whether it changed. */
function setRegister(bytes: Uint8Array, index: number, count: number, maxBytes: number): { bytes: Uint8Array; changed: boolean } {
  if (bytes[4] === HLL_DENSE) {
    if (denseGet(bytes, index) >= count) return { bytes, changed: false };
    denseSet(bytes, index, count);
    return { bytes, changed: true };
  }
  const result = sparseSet(bytes, index, count, maxBytes);
  if (result.kind === 'corrupted') throw new ReplyError(CORRUPTED_HLL);
  return result.kind === 'unchanged' ? { bytes, changed: false } : { bytes: result.bytes, changed: true };
}

function store(context: CommandContext, key: string, bytes: Uint8Array, existed: boolean): void {
  if (existed) context.overwrite(key, 'string', toByteString(bytes), 'keep');
  else context.create(key, 'string', toByteString(bytes));
}

function pfadd(context: CommandContext): Reply {
  const key = context.arg(1);
  const existing = readHll(context, key);
  let bytes = existing ?? createSparse();
  let updated = existing === undefined;
  for (const element of context.argv.slice(2)) {
    const { index, count } = patternLength(byteStringToBuffer(element));
    const result = setRegister(bytes, index, count, context.keyspace.encoding.hllSparseMaxBytes);
    bytes = result.bytes;
    updated ||= result.changed;
  }
  if (!updated) return 0;
  invalidateCache(bytes);
  store(context, key, bytes, existing !== undefined);
  return 1;
}

/** Merges the registers of `key` (MAX) into `max`; returns its bytes, undefined when missing. */
function mergeInto(context: CommandContext, key: string, max: Uint8Array): Uint8Array | undefined {
  const bytes = readHll(context, key);
  if (bytes === undefined) return undefined;
  const registers = registersOf(bytes);
  if (registers === null) throw new ReplyError(CORRUPTED_HLL);
  for (let index = 0; index < HLL_REGISTERS; index++) if (registers[index]! > max[index]!) max[index] = registers[index]!;
  return bytes;
}

function pfcount(context: CommandContext): Reply {
  if (context.argv.length > 2) {
    const max = new Uint8Array(HLL_REGISTERS);
    for (const key of context.argv.slice(1)) mergeInto(context, key, max);
    return estimateCardinality(max);
  }
  const key = context.arg(1);
  const bytes = readHll(context, key);
  if (bytes === undefined) return 0;
  const cached = cachedCardinality(bytes);
  if (cached !== null) return cached;
  const registers = registersOf(bytes);
  if (registers === null) throw new ReplyError(CORRUPTED_HLL);
  const cardinality = estimateCardinality(registers);
  // The cache lives in the string: PFCOUNT changes the value and propagates, as in Redis.
  cacheCardinality(bytes, cardinality);
  store(context, key, bytes, true);
  return cardinality;
}

function pfmerge(context: CommandContext): Reply {
  const max = new Uint8Array(HLL_REGISTERS);
  let dense = false;
  for (const key of context.argv.slice(1)) dense = mergeInto(context, key, max)?.[4] === HLL_DENSE || dense;
  const destination = context.arg(1);
  const existing = readHll(context, destination);
  let bytes = existing ?? createSparse();
  if (dense && bytes[4] !== HLL_DENSE) bytes = sparseToDense(bytes) ?? fail();
  for (let index = 0; index < HLL_REGISTERS; index++) {
    if (max[index] !== 0) bytes = setRegister(bytes, index, max[index]!, context.keyspace.encoding.hllSparseMaxBytes).bytes;
  }
  invalidateCache(bytes);
  store(context, destination, bytes, existing !== undefined);
  return 'OK';
}

function fail(): never {
  throw new ReplyError(CORRUPTED_HLL);
}

/**
 * PFADD, PFCOUNT and PFMERGE, byte-exact with Redis 7.0: the value is Redis's `HYLL` string
 * (sparse, promoted to dense past hll-sparse-max-bytes or a register above 32), so GET, DUMP-free
 * copies and PFCOUNT agree with redis-server's.
 *
 * @example
 * ```ts
 * ks.execute(['PFADD', 'visitors', 'ada', 'bob']); // 1
 * ks.execute(['PFCOUNT', 'visitors']);             // 2
 * ```
 */
export const hyperLogLogCommands: CommandSpecification[] = [
  defineCommand({ name: 'pfadd', arity: -2, flags: ['write'], keys: keyRange(1, 1, 1, 'write'), run: pfadd }),
  defineCommand({ name: 'pfcount', arity: -2, flags: ['readonly', 'may-replicate'], keys: keyRange(1, -1, 1, 'read'), run: pfcount }),
  defineCommand({ name: 'pfmerge', arity: -2, flags: ['write'], reply: 'status', keys: keyRange(1, -1, 1, 'first-write'), writesFirstKeyOnly: true, run: pfmerge }),
];
