import { defineCommand, type CommandSpecification, type Reply } from '../commandTable.js';
import type { CommandContext } from '../CommandContext.js';
import { parseBigInteger } from '../parse.js';
import { ReplyError, ReplyErrors } from '../ReplyError.js';
import { parseCountOption } from './countArguments.js';
import { firstKeyRead } from './keySpecs.js';

const LONG_MIN = -(2n ** 63n);

function parseRank(text: string): number {
  const rank = parseBigInteger(text);
  // Redis negates the rank in C: LONG_MIN stays negative and so matches from the first hit.
  if (rank === LONG_MIN) return -1;
  if (rank === 0n) {
    throw new ReplyError("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list");
  }
  return Number(rank > 2n ** 53n ? 2n ** 53n : rank < -(2n ** 53n) ? -(2n ** 53n) : rank);
}

/** LPOS key element [RANK r] [COUNT n] [MAXLEN m]: positions counted from the head. */
function lpos(context: CommandContext): Reply {
  let rank = 1;
  let count = -1;
  let maxlen = 0;
  for (let index = 3; index < context.argv.length; index++) {
    const option = context.arg(index).toLowerCase();
    const more = index < context.argv.length - 1;
    if (option === 'rank' && more) rank = parseRank(context.arg(++index));
    else if (option === 'count' && more) count = parseCountOption(context.arg(++index), "COUNT can't be negative", 0n);
    else if (option === 'maxlen' && more) maxlen = parseCountOption(context.arg(++index), "MAXLEN can't be negative", 0n);
    else throw ReplyErrors.syntax();
  }
  const list = context.read(context.arg(1), 'list')?.value;
  if (list === undefined) return count === -1 ? null : [];
  const element = context.arg(2);
  const fromTail = rank < 0;
  const skip = Math.abs(rank) - 1;
  const found: number[] = [];
  let matches = 0;
  for (let step = 0; step < list.length && (maxlen === 0 || step < maxlen); step++) {
    const index = fromTail ? list.length - 1 - step : step;
    if (list[index] !== element || matches++ < skip) continue;
    found.push(index);
    if (count === -1 || (count > 0 && found.length === count)) break;
  }
  if (count !== -1) return found;
  return found.length === 0 ? null : found[0]!;
}

/**
 * LPOS.
 *
 * @example
 * ```ts
 * ks.execute(['RPUSH', 'l', 'a', 'b', 'a']);
 * ks.execute(['LPOS', 'l', 'a', 'RANK', '-1']); // 2
 * ks.execute(['LPOS', 'l', 'a', 'COUNT', '0']); // [0, 2]
 * ```
 */
export const listPositionCommands: CommandSpecification[] = [defineCommand({ name: 'lpos', arity: -3, flags: ['readonly'], keys: firstKeyRead, run: lpos })];
