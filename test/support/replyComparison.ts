import { isDeepStrictEqual } from 'node:util';
import type { Reply } from '../../lib/keyspace/commandTable.js';
import { ReplyError } from '../../lib/keyspace/ReplyError.js';
import { RespError, type RespReply } from './RespClient.js';

/** A reply in a comparable form: errors become `{ error: message }`. */
export type Comparable = string | number | null | { error: string } | Comparable[];

/** Converts a keyspace reply (with `encoding: 'binary'`) to comparable form. */
export function fromKeyspace(reply: Reply): Comparable {
  if (reply instanceof ReplyError) return { error: reply.message };
  if (Array.isArray(reply)) return reply.map(fromKeyspace);
  return reply as string | number | null;
}

/** Converts a RESP reply to comparable form. */
export function fromResp(reply: RespReply): Comparable {
  if (reply instanceof RespError) return { error: reply.message };
  if (Array.isArray(reply)) return reply.map(fromResp);
  return reply;
}

/** Runs a keyspace call, turning a thrown ReplyError into its comparable error. */
export function captureKeyspace(run: () => Reply): Comparable {
  try {
    return fromKeyspace(run());
  } catch (error) {
    if (error instanceof ReplyError) return { error: error.message };
    throw error;
  }
}

/** Commands whose array replies have no defined order. */
const UNORDERED = new Set(['smembers', 'sunion', 'sinter', 'sdiff', 'hkeys', 'hvals', 'keys']);
/** Commands replying with a relative or wall-clock-derived time: allowed to differ by `tolerance`. */
const TIMES: Record<string, number> = { ttl: 2, pttl: 2000, expiretime: 2, pexpiretime: 2000 };

function sortedCopy(items: Comparable[]): Comparable[] {
  return items.slice().sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

/** The canonical form of a reply to `name`: unordered collections sorted. */
function canonical(name: string, reply: Comparable): Comparable {
  if (!Array.isArray(reply)) return reply;
  if (UNORDERED.has(name)) return sortedCopy(reply);
  if (name === 'hgetall') {
    const pairs: Comparable[] = [];
    for (let index = 0; index < reply.length; index += 2) pairs.push([reply[index]!, reply[index + 1]!]);
    return sortedCopy(pairs);
  }
  return reply;
}

/**
 * True when two replies to `argv` agree: exactly, up to order for unordered replies, within a
 * tolerance for TTLs, and element by element (per queued command) for EXEC.
 */
export function repliesAgree(argv: readonly string[], expected: Comparable, actual: Comparable, queued: readonly (readonly string[])[] = []): boolean {
  const name = argv[0]!.toLowerCase();
  if (name === 'exec' && Array.isArray(expected) && Array.isArray(actual)) {
    return expected.length === actual.length && expected.every((item, index) => repliesAgree(queued[index] ?? ['?'], item, actual[index]!));
  }
  const tolerance = TIMES[name];
  if (tolerance !== undefined && typeof expected === 'number' && typeof actual === 'number' && expected >= 0 && actual >= 0) {
    return Math.abs(expected - actual) <= tolerance;
  }
  return isDeepStrictEqual(canonical(name, expected), canonical(name, actual));
}
