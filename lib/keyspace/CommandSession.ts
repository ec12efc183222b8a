import type { Reply } from './Reply.js';

/**
 * The client state a command may act on: the selected database and the MULTI queue (SELECT,
 * MULTI, EXEC, DISCARD). `Session` implements it.
 *
 * @example
 * ```ts
 * const select = (context: CommandContext) => { if (context.session) context.session.db = 2; return 'OK'; };
 * ```
 */
export interface CommandSession {
  db: number;
  begin(): void;
  discard(): void;
  commit(): Reply[];
}
