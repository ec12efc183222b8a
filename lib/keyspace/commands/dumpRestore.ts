import type { ByteString } from '../byteString.js';
import { defineCommand, type CommandSpecification, type Reply } from '../commandTable.js';
import type { CommandContext } from '../CommandContext.js';
import { decodeDumpPayload, createDumpPayload, verifyDumpPayload } from '../dump/dumpPayload.js';
import type { DecodedValue } from '../dump/decodeRdbValue.js';
import { parseBigInteger } from '../parse.js';
import { ReplyError, ReplyErrors } from '../ReplyError.js';
import { firstKeyRead, firstKeyWritten } from './keySpecs.js';

/** RESTORE's options after the payload. */
interface RestoreOptions {
  readonly replace: boolean;
  readonly absoluteTtl: boolean;
}

function dump(context: CommandContext): Reply {
  const entry = context.read(context.arg(1));
  return entry === undefined ? null : createDumpPayload(entry.type, entry.value).toString('latin1');
}

/**
 * Redis 7.0's option loop: REPLACE, ABSTTL, IDLETIME n (n ≥ 0), FREQ n (0–255); IDLETIME and FREQ
 * exclude each other (the second one is a syntax error). forkless keeps no LRU/LFU data, so the
 * two are validated and otherwise ignored, as Redis ignores the one its policy does not use.
 */
function parseRestoreOptions(context: CommandContext): RestoreOptions {
  let replace = false;
  let absoluteTtl = false;
  let idle = false;
  let frequency = false;
  for (let index = 4; index < context.argv.length; index++) {
    const option = context.arg(index).toLowerCase();
    const hasValue = index + 1 < context.argv.length;
    if (option === 'replace') replace = true;
    else if (option === 'absttl') absoluteTtl = true;
    else if (option === 'idletime' && hasValue && !frequency) {
      if (parseBigInteger(context.arg(++index)) < 0n) throw new ReplyError('ERR Invalid IDLETIME value, must be >= 0');
      idle = true;
    } else if (option === 'freq' && hasValue && !idle) {
      const value = parseBigInteger(context.arg(++index));
      if (value < 0n || value > 255n) throw new ReplyError('ERR Invalid FREQ value, must be >= 0 and <= 255');
      frequency = true;
    } else throw ReplyErrors.syntax();
  }
  return { replace, absoluteTtl };
}

function decodePayload(text: ByteString): DecodedValue {
  const payload = Buffer.from(text, 'latin1');
  if (!verifyDumpPayload(payload)) throw new ReplyError('ERR DUMP payload version or checksum are wrong');
  let decoded: DecodedValue | null = null;
  try {
    decoded = decodeDumpPayload(payload);
  } catch {
    // Malformed, truncated, or a type forkless cannot hold (stream, module): one reply for all.
  }
  if (decoded === null) throw new ReplyError('ERR Bad data format');
  return decoded;
}

/**
 * RESTORE key ttl payload [REPLACE] [ABSTTL] [IDLETIME s] [FREQ f], checked in Redis 7.0's order
 * (options, existing key, TTL, payload version and checksum, value). Propagated as Redis does:
 * a relative TTL becomes absolute with ABSTTL appended; a key that arrives already expired is not
 * created, and propagates as DEL only if REPLACE deleted an old value.
 */
function restore(context: CommandContext): Reply {
  const { replace, absoluteTtl } = parseRestoreOptions(context);
  const key = context.arg(1);
  if (!replace && context.exists(key)) throw new ReplyError('BUSYKEY Target key name already exists.');
  const ttl = parseBigInteger(context.arg(2));
  if (ttl < 0n) throw new ReplyError('ERR Invalid TTL value, must be >= 0');
  const { type, value } = decodePayload(context.arg(3));
  const deleted = replace && context.remove(key);
  const expiresAt = ttl === 0n ? null : clampTime(absoluteTtl ? ttl : ttl + BigInt(context.now));
  // A replica (expiry judged at -Infinity) keeps the key: its leader decides when it expires.
  if (expiresAt !== null && expiresAt <= context.now && context.expiryTime !== -Infinity) {
    if (deleted) context.propagateAs(['DEL', key]);
    return 'OK';
  }
  context.create(key, type, value, context.db, expiresAt);
  if (expiresAt !== null && !absoluteTtl) {
    context.propagateAs(['RESTORE', key, String(expiresAt), ...context.argv.slice(3), 'ABSTTL']);
  }
  return 'OK';
}

function clampTime(milliseconds: bigint): number {
  const limit = BigInt(Number.MAX_SAFE_INTEGER);
  return Number(milliseconds > limit ? limit : milliseconds);
}

/**
 * DUMP and RESTORE with Redis's payload (value encoding, RDB version, CRC-64): payloads from a real
 * Redis 7.0 restore here (every encoding it writes), and ours restore there.
 *
 * @example
 * ```ts
 * const payload = ks.execute(['DUMP', 'k'], { encoding: 'binary' }) as string;
 * other.execute(['RESTORE', 'k', '0', Buffer.from(payload, 'latin1'), 'REPLACE']); // 'OK'
 * ```
 */
export const dumpRestoreCommands: CommandSpecification[] = [
  defineCommand({ name: 'dump', arity: 2, flags: ['readonly'], keys: firstKeyRead, run: dump }),
  defineCommand({ name: 'restore', arity: -4, flags: ['write'], keys: firstKeyWritten, run: restore }),
];
