import type { CommandContext } from '../CommandContext.js';
import { ReplyErrors } from '../ReplyError.js';
import { parseCountOption, parseNumkeys } from './countArguments.js';

/**
 * Reads `numkeys key… <end> [COUNT n]` from `numkeysIndex` on, as LMPOP/BLMPOP (`LEFT|RIGHT`) and
 * ZMPOP/BZMPOP (`MIN|MAX`) take it, with Redis 7.0's errors; `parseEnd` reads the end word.
 *
 * @example
 * ```ts
 * parseMultiPop(context, 1, parseListEnd); // LMPOP 2 a b LEFT COUNT 3 → { keys: ['a', 'b'], end: 'left', count: 3 }
 * ```
 */
export function parseMultiPop<End>(context: CommandContext, numkeysIndex: number, parseEnd: (text: string) => End): { keys: string[]; end: End; count: number } {
  const numkeys = parseNumkeys(context.arg(numkeysIndex));
  const whereIndex = numkeysIndex + numkeys + 1;
  if (whereIndex >= context.argv.length) throw ReplyErrors.syntax();
  const end = parseEnd(context.arg(whereIndex));
  let count = -1;
  for (let index = whereIndex + 1; index < context.argv.length; index++) {
    const more = index < context.argv.length - 1;
    if (count === -1 && context.arg(index).toLowerCase() === 'count' && more) {
      count = parseCountOption(context.arg(++index), 'count should be greater than 0', 1n);
    } else throw ReplyErrors.syntax();
  }
  return { keys: context.argv.slice(numkeysIndex + 1, whereIndex), end, count: count === -1 ? 1 : count };
}
