import type { ReplyError } from './ReplyError.js';

/**
 * A command reply: simple or bulk string, integer, nil, error (inside EXEC) or array.
 *
 * @example
 * ```ts
 * const reply: Reply = ['OK', 1, null];
 * ```
 */
export type Reply = string | number | null | ReplyError | readonly Reply[];
