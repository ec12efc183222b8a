import type { ByteString } from '../byteString.js';
import type { CommandSpecification } from '../commandTable.js';
import { ReplyError, ReplyErrors } from '../ReplyError.js';
import { unknownCommandMessage } from './errorText.js';
import { commandTable } from './index.js';

/**
 * Looks a command up in the table and checks its arity, with Valkey's error texts (unknown
 * command, wrong number of arguments).
 *
 * @example
 * ```ts
 * findCommand(['get', 'k']).flags.has('readonly'); // true
 * findCommand(['GET']); // throws ReplyError: ERR wrong number of arguments for 'get' command
 * ```
 */
export function findCommand(argv: readonly ByteString[]): CommandSpecification {
  const name = argv[0];
  if (name === undefined) throw new ReplyError('ERR empty command');
  const specification = commandTable.get(name.toLowerCase());
  if (specification === undefined) throw new ReplyError(unknownCommandMessage(argv));
  const count = argv.length;
  if ((specification.arity > 0 && count !== specification.arity) || count < -specification.arity) {
    throw ReplyErrors.arity(specification.name);
  }
  return specification;
}
