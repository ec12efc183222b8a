import type { Reply, ReplyShape } from '../keyspace/commandTable.js';
import { ReplyError } from '../keyspace/ReplyError.js';
import type { ReplyWriter } from './ReplyWriter.js';

/**
 * Encodes a keyspace reply (bulks as byte strings) in the writer's protocol, typed by the
 * command's reply shape (see {@link ReplyShape}).
 *
 * @example
 * ```ts
 * writeReply(writer, ['f', 'v'], 'map'); // RESP3: %1 $1 f $1 v; RESP2: *2 $1 f $1 v
 * ```
 */
export function writeReply(writer: ReplyWriter, reply: Reply, shape: ReplyShape): void {
  if (typeof reply === 'string') {
    if (shape === 'status') writer.simple(reply);
    else if (shape === 'double') writer.double(reply);
    else writer.bulk(reply);
  } else if (typeof reply === 'number') {
    writer.integer(reply);
  } else if (reply === null) {
    writer.nil(shape !== 'bulk' && shape !== 'status' && shape !== 'double');
  } else if (reply instanceof ReplyError) {
    writer.error(reply.message);
  } else {
    writeCollection(writer, reply, shape);
  }
}

function writeCollection(writer: ReplyWriter, items: readonly Reply[], shape: ReplyShape): void {
  const resp3 = writer.protocol === 3;
  if (shape === 'map') {
    writer.mapHeader(items.length / 2);
    for (const item of items) writeReply(writer, item, 'bulk');
    return;
  }
  if (shape === 'scoredPairs' && items.length > 0 && Array.isArray(items[0])) {
    // Already nested pairs (ZMPOP): each one is a [member, score] pair.
    writer.arrayHeader(items.length);
    for (const item of items) writeReply(writer, item, 'scoredPair');
    return;
  }
  if (resp3 && (shape === 'pairs' || shape === 'scoredPairs')) {
    writer.arrayHeader(items.length / 2);
    for (let index = 0; index < items.length; index += 2) {
      writer.arrayHeader(2);
      writeReply(writer, items[index]!, 'bulk');
      writeReply(writer, items[index + 1]!, shape === 'scoredPairs' ? 'double' : 'bulk');
    }
    return;
  }
  if (shape === 'set') writer.setHeader(items.length);
  else writer.arrayHeader(items.length);
  items.forEach((item, index) => writeReply(writer, item, elementShape(shape, index)));
}

/** The shape of element `index` of an array reply of `shape`. */
function elementShape(shape: ReplyShape, index: number): ReplyShape {
  if (shape === 'status') return 'status';
  if (shape === 'double' || (shape === 'scoredPair' && index === 1) || (shape === 'keyedScore' && index === 2)) return 'double';
  if (shape === 'keyedScoredPairs' && index === 1) return 'scoredPairs';
  return 'bulk';
}
