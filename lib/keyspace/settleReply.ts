import { byteStringToText } from './byteString.js';
import type { Reply } from './commandTable.js';

/** How bulk strings come back: UTF-8 text (default) or raw byte strings (binary-safe). */
export type ReplyEncoding = 'utf8' | 'binary';

/**
 * Converts byte-string bulks to the requested encoding; errors inside arrays stay as they are.
 *
 * @example
 * ```ts
 * settleReply(['\xc3\xa9', 1], 'utf8'); // ['é', 1]
 * ```
 */
export function settleReply(reply: Reply, encoding: ReplyEncoding): Reply {
  if (encoding === 'binary') return reply;
  if (typeof reply === 'string') return byteStringToText(reply);
  if (Array.isArray(reply)) return reply.map((item: Reply) => settleReply(item, encoding));
  return reply;
}
