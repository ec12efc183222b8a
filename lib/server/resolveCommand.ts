import type { ByteString } from '../keyspace/byteString.js';
import type { CommandSpecification, ReplyShape } from '../keyspace/commandTable.js';
import { commandTable } from '../keyspace/commands/index.js';
import { BLOCKING_COMMANDS } from './blockingCommands.js';
import type { ServerCommand } from './ServerCommand.js';

/** Whatever runs a name: a server command, a keyspace command, or a blocking command served by fallback. */
export type ResolvedCommand =
  | { readonly kind: 'server'; readonly command: ServerCommand }
  | { readonly kind: 'keyspace'; readonly command: CommandSpecification }
  | { readonly kind: 'fallback'; readonly name: string };

/**
 * Resolves command names as the server runs them: its own commands first, then the keyspace's
 * command table, then blocking commands the table lacks (served through their fallback).
 *
 * @example
 * ```ts
 * const commands = new CommandResolver(serverCommands);
 * commands.resolve('config')?.kind; // 'server'
 * commands.resolve('get')?.kind;    // 'keyspace'
 * ```
 */
export class CommandResolver {
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
    if (keyspace !== undefined) return { kind: 'keyspace', command: keyspace };
    return BLOCKING_COMMANDS.get(name)?.fallback !== undefined ? { kind: 'fallback', name } : undefined;
  }

  /** Every name the server answers, sorted. */
  names(): string[] {
    return [...new Set([...this.serverCommands.keys(), ...commandTable.keys(), ...BLOCKING_COMMANDS.keys()])].filter((name) => this.resolve(name) !== undefined).sort();
  }
}

/**
 * Arity of a resolved command.
 *
 * @example
 * ```ts
 * arityOf(commands.resolve('get')!); // 2
 * ```
 */
export function arityOf(resolved: ResolvedCommand): number {
  return resolved.kind === 'fallback' ? BLOCKING_COMMANDS.get(resolved.name)!.fallback!.arity : resolved.command.arity;
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
