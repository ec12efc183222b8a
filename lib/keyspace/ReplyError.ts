/**
 * An error reply of a command, with the text Valkey/Redis 7 would send.
 *
 * `prefix` is the first word of the message (`ERR`, `WRONGTYPE`, `EXECABORT`, …), which clients use
 * as the error's kind.
 *
 * @example
 * ```ts
 * try { ks.execute(['INCR', 'name']) } catch (error) { (error as ReplyError).message } // 'ERR value is not an integer or out of range'
 * ```
 */
export class ReplyError extends Error {
  override readonly name = 'ReplyError';
  get prefix(): string {
    const space = this.message.indexOf(' ');
    return space === -1 ? this.message : this.message.slice(0, space);
  }
}

/**
 * The reply texts shared by many commands, spelled exactly as Valkey does.
 *
 * @example
 * ```ts
 * if (entry.type !== 'string') throw ReplyErrors.wrongType();
 * ```
 */
export const ReplyErrors = {
  wrongType: () => new ReplyError('WRONGTYPE Operation against a key holding the wrong kind of value'),
  syntax: () => new ReplyError('ERR syntax error'),
  notInteger: () => new ReplyError('ERR value is not an integer or out of range'),
  notFloat: () => new ReplyError('ERR value is not a valid float'),
  noSuchKey: () => new ReplyError('ERR no such key'),
  outOfRange: () => new ReplyError('ERR index out of range'),
  dbIndexOutOfRange: () => new ReplyError('ERR DB index is out of range'),
  invalidDbIndex: () => new ReplyError('ERR invalid DB index'),
  arity: (name: string) => new ReplyError(`ERR wrong number of arguments for '${name}' command`),
} as const;
