import { defineCommand, keyRange, shapeWithOption, type CommandSpecification, type Reply } from '../commandTable.js';
import type { CommandContext } from '../CommandContext.js';
import { parseBigInteger } from '../parse.js';
import { ReplyError, ReplyErrors } from '../ReplyError.js';

interface LcsOptions {
  idx: boolean;
  len: boolean;
  withMatchLen: boolean;
  minMatchLen: number;
}

function parseOptions(context: CommandContext): LcsOptions {
  const options: LcsOptions = { idx: false, len: false, withMatchLen: false, minMatchLen: 0 };
  for (let index = 3; index < context.argv.length; index++) {
    const option = context.arg(index).toLowerCase();
    const more = index < context.argv.length - 1;
    if (option === 'idx') options.idx = true;
    else if (option === 'len') options.len = true;
    else if (option === 'withmatchlen') options.withMatchLen = true;
    else if (option === 'minmatchlen' && more) {
      const value = parseBigInteger(context.arg(++index));
      options.minMatchLen = value < 0n ? 0 : Number(value > 2n ** 53n ? 2n ** 53n : value);
    } else throw ReplyErrors.syntax();
  }
  if (options.idx && options.len) throw new ReplyError('ERR If you want both the length and indexes, please just use IDX.');
  return options;
}

/** The dynamic-programming table: table[i * (b.length + 1) + j] = LCS length of a[0,i) and b[0,j). */
function lcsTable(a: string, b: string): Uint32Array {
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      table[i * width + j] = a[i - 1] === b[j - 1] ? table[(i - 1) * width + j - 1]! + 1 : Math.max(table[(i - 1) * width + j]!, table[i * width + j - 1]!);
    }
  }
  return table;
}

/** Walks the table back from the end as Redis does, collecting the string and the match ranges. */
function walkBack(a: string, b: string, table: Uint32Array, options: LcsOptions): { text: string; matches: Reply[] } {
  const width = b.length + 1;
  const at = (i: number, j: number) => table[i * width + j]!;
  const chars: string[] = [];
  const matches: Reply[] = [];
  let range: { aStart: number; aEnd: number; bStart: number; bEnd: number } | null = null;
  let i = a.length;
  let j = b.length;
  while (i > 0 && j > 0) {
    let emit = false;
    if (a[i - 1] === b[j - 1]) {
      chars.push(a[i - 1]!);
      if (range === null) range = { aStart: i - 1, aEnd: i - 1, bStart: j - 1, bEnd: j - 1 };
      else if (range.aStart === i && range.bStart === j) {
        range.aStart--;
        range.bStart--;
      } else emit = true;
      if (range.aStart === 0 || range.bStart === 0) emit = true;
      i--;
      j--;
    } else {
      if (at(i - 1, j) > at(i, j - 1)) i--;
      else j--;
      if (range !== null) emit = true;
    }
    if (emit && range !== null) {
      const length = range.aEnd - range.aStart + 1;
      if (options.minMatchLen === 0 || length >= options.minMatchLen) {
        const match: Reply[] = [
          [range.aStart, range.aEnd],
          [range.bStart, range.bEnd],
        ];
        if (options.withMatchLen) match.push(length);
        matches.push(match);
      }
      range = null;
    }
  }
  return { text: chars.reverse().join(''), matches };
}

function lcs(context: CommandContext): Reply {
  const [first, second] = [context.read(context.arg(1)), context.read(context.arg(2))];
  if ((first !== undefined && first.type !== 'string') || (second !== undefined && second.type !== 'string')) {
    throw new ReplyError('ERR The specified keys must contain string values');
  }
  const a = (first?.value as string | undefined) ?? '';
  const b = (second?.value as string | undefined) ?? '';
  const options = parseOptions(context);
  const table = lcsTable(a, b);
  const length = table[table.length - 1]!;
  if (options.len && !options.idx) return length;
  const { text, matches } = walkBack(a, b, table, options);
  return options.idx ? ['matches', matches, 'len', length] : text;
}

/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN n] [WITHMATCHLEN], with Redis's walk (ranges reported
 * from the end of the strings backwards).
 *
 * @example
 * ```ts
 * ks.execute(['MSET', 'a', 'ohmytext', 'b', 'mynewtext']);
 * ks.execute(['LCS', 'a', 'b']);        // 'mytext'
 * ks.execute(['LCS', 'a', 'b', 'LEN']); // 6
 * ```
 */
export const lcsCommands: CommandSpecification[] = [
  defineCommand({ name: 'lcs', arity: -3, flags: ['readonly'], keys: keyRange(1, 2, 1, 'read'), reply: shapeWithOption('idx', 'map', 'bulk', 3), run: lcs }),
];
