import type { ByteString } from '../keyspace/byteString.js';
import type { CommandSpecification } from '../keyspace/commandTable.js';
import type { Keyspace } from '../keyspace/Keyspace.js';
import type { BlockingRegistry } from './BlockingRegistry.js';
import type { Client } from './Client.js';
import type { Persistence } from './Persistence.js';
import type { RedisReplication } from '../replication/redis/RedisReplication.js';
import type { PubSub } from './PubSub.js';
import type { ServerConfig } from './ServerConfig.js';
import type { RequestFilter } from './RequestFilter.js';
import type { ServerStats } from './ServerStats.js';
import type { InstantaneousMetric } from './InstantaneousMetric.js';
import type { SlowLog } from './SlowLog.js';
import type { WatchRegistry } from './WatchRegistry.js';

/**
 * Flags of a server command, after Redis's: `noauth` runs before AUTH; `control` is never queued
 * by MULTI; the others (`pubsub`, `admin`, `fast`, …) are reported by COMMAND INFO.
 */
export type ServerCommandFlag = 'noauth' | 'pubsub' | 'control' | 'admin' | 'write' | 'readonly' | 'fast' | 'loading' | 'stale';

/** Whatever runs a name: a server command or a keyspace command. */
export type ResolvedCommand = { readonly kind: 'server'; readonly command: ServerCommand } | { readonly kind: 'keyspace'; readonly command: CommandSpecification };

/** Finds the commands the server answers (see `CommandResolver`). */
export interface CommandLookup {
  /** The command a name (in any case) runs, undefined when unknown; `command.name` is the lower-case name. */
  resolve(name: string): ResolvedCommand | undefined;
  /** Every name the server answers, sorted. */
  names(): string[];
}

/** Runs checked commands (the server's dispatcher; EXEC runs its queue through it). */
export interface CommandRunner {
  call(client: Client, name: string, argv: ByteString[], resolved: ResolvedCommand, inTransaction: boolean): void | Promise<void>;
}

/** The rates INFO stats shows as `instantaneous_ops_per_sec`, `instantaneous_input_kbps`, `instantaneous_output_kbps`. */
export interface ServerRates {
  readonly ops: InstantaneousMetric;
  readonly input: InstantaneousMetric;
  readonly output: InstantaneousMetric;
}

/**
 * What commands and the dispatcher see of the running server: its state and registries, without
 * its connection handling (the `Server` implements it; commands depend on this, not on the server).
 */
export interface ServerContext {
  readonly keyspace: Keyspace;
  readonly config: ServerConfig;
  readonly clients: ReadonlyMap<number, Client>;
  readonly pubsub: PubSub;
  readonly watches: WatchRegistry<Client>;
  readonly blocking: BlockingRegistry<Client>;
  readonly stats: ServerStats;
  readonly slowLog: SlowLog;
  /** INFO's instantaneous rates: commands, network input and output bytes per second. */
  readonly rates: ServerRates;
  readonly persistence: Persistence;
  readonly replication: RedisReplication;
  readonly commands: CommandLookup;
  readonly dispatcher: CommandRunner;
  /** The request check of the layer plugged into the server (cluster mode), if any. */
  readonly requestFilter: RequestFilter | undefined;
  /** The config file the server was started with (CONFIG REWRITE writes it). */
  readonly configFile: string | undefined;
  readonly startedAt: number;
  /** Name of the command running now (null between commands). */
  current: string | null;
  readonly port: number;
  /** Bytes read and written over all connections so far. */
  readonly netBytes: { input: number; output: number };
  now(): number;
  /** SHUTDOWN: saves when asked (or when save rules exist), then closes; false if the save failed. */
  shutdown(options?: { save?: boolean }): Promise<boolean>;
  /** PSYNC/SYNC: hands the client's connection to the replication leader. */
  handOver(client: Client, args: readonly string[]): void;
}

/** The arguments of a server command run. */
export interface ServerCommandCall {
  readonly server: ServerContext;
  readonly client: Client;
  /** The arguments as byte strings, name included. */
  readonly args: readonly ByteString[];
  /** Run by EXEC (nothing may block there). */
  readonly inTransaction?: boolean;
}

/** A subcommand: arity counted from the container's name (CLIENT KILL ip:port = 3). */
export interface Subcommand {
  readonly arity: number;
  readonly run: (call: ServerCommandCall) => void | Promise<void>;
  /** Its entry in `<CONTAINER> HELP`: the usage line, then the description lines (Redis 7.0's words). */
  readonly help: readonly string[];
}

/** The subcommands of a container command (CLIENT, CONFIG, …), HELP included. */
export interface SubcommandTable {
  readonly container: string;
  /** The subcommand a name (in any case) runs, or undefined. */
  find(name: string): Subcommand | undefined;
}

/** A command the server implements itself (connection, pub/sub, CONFIG, INFO, persistence, …). */
export interface ServerCommand {
  readonly name: string;
  /** Redis's arity: N exactly, -N at least. */
  readonly arity: number;
  readonly flags: readonly ServerCommandFlag[];
  /** COMMAND DOCS group. */
  readonly group: string;
  /** Writes the reply to `client.writer`; a promise holds the client's later requests until it settles. */
  readonly run: (call: ServerCommandCall) => void | Promise<void>;
  /** A container's subcommands (CLIENT, CONFIG, …): checked, and named in stats, by the server. */
  readonly subcommands?: SubcommandTable;
}
