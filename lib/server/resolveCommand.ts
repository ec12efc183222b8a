import type { ByteString } from '../keyspace/byteString.js';
import type { CommandSpecification, ReplyShape } from '../keyspace/commandTable.js';
import { commandTable } from '../keyspace/commands/index.js';
import type { CommandLookup, ResolvedCommand, ServerCommand } from './ServerCommand.js';

/**
 * Resolves command names as the server runs them: its own commands first, then the keyspace's
 * command table (blocking commands included: the server blocks on them, see `blockClient`).
 *
 * @example
 * ```ts
 * const commands = new CommandResolver(serverCommands);
 * commands.resolve('config')?.kind; // 'server'
 * commands.resolve('get')?.kind;    // 'keyspace'
 * ```
 */
export class CommandResolver implements CommandLookup {
  /** Resolutions of known names (no allocation per command on the hot path). */
  private readonly known = new Map<string, ResolvedCommand>();

  constructor(private readonly serverCommands: ReadonlyMap<string, ServerCommand>) {}

  /** The command a lower-case name runs, undefined when unknown. */
  resolve(name: string): ResolvedCommand | undefined {
    const known = this.known.get(name);
    if (known !== undefined) return known;
    const resolved = this.lookup(name);
    if (resolved !== undefined) this.known.set(name, resolved);
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
