import type { ByteString } from '../keyspace/byteString.js';
import type { CommandSpecification, ReplyShape } from '../keyspace/commandTable.js';
import { commandTable } from '../keyspace/commands/index.js';
import type { CommandLookup, ResolvedCommand, ServerCommand } from './ServerCommand.js';

/** Spellings of command names remembered at most (see `CommandResolver.resolve`). */
const MAX_SPELLINGS = 1024;

/**
 * Resolves command names as the server runs them: its own commands first, then the keyspace's
 * command table (blocking commands included: the server blocks on them, see `blockClient`).
 *
 * @example
 * ```ts
 * const commands = new CommandResolver(serverCommands);
 * commands.resolve('config')?.kind; // 'server'
 * commands.resolve('get')?.kind;    // 'keyspace'
 * commands.resolve('GET')?.command.name; // 'get'
 * ```
 */
export class CommandResolver implements CommandLookup {
  /** Resolutions of known names as requests spell them (no lower-casing nor allocation per command). */
  private readonly known = new Map<string, ResolvedCommand>();

  constructor(private readonly serverCommands: ReadonlyMap<string, ServerCommand>) {}

  /** The command a name (in any case) runs, undefined when unknown; `command.name` is the lower-case name. */
  resolve(name: string): ResolvedCommand | undefined {
    const known = this.known.get(name);
    if (known !== undefined) return known;
    const resolved = this.lookup(name.toLowerCase());
    if (resolved === undefined) return undefined;
    // Spellings of known names only, and not without bound (every mix of cases is one).
    if (this.known.size >= MAX_SPELLINGS) this.known.clear();
    this.known.set(name, resolved);
    return resolved;
  }

  private lookup(name: string): ResolvedCommand | undefined {
    const server = this.serverCommands.get(name);
    if (server !== undefined) return { kind: 'server', command: server };
    const keyspace = commandTable.get(name);
    return keyspace === undefined ? undefined : { kind: 'keyspace', command: keyspace };
  }

  /** Every name the server answers, sorted. */
  names(): string[] {
    return [...new Set([...this.serverCommands.keys(), ...commandTable.keys()])].sort();
  }
}

/**
 * The reply shape of a keyspace command for these arguments.
 *
 * @example
 * ```ts
 * shapeOf(commandTable.get('zrange')!, ['ZRANGE', 'z', '0', '-1', 'WITHSCORES']); // 'scoredPairs'
 * ```
 */
export function shapeOf(command: CommandSpecification, argv: readonly ByteString[]): ReplyShape {
  return typeof command.reply === 'string' ? command.reply : command.reply(argv);
}
