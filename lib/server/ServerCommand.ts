import type { ByteString } from '../keyspace/byteString.js';
import type { Client } from './Client.js';
import type { Server } from './Server.js';

/**
 * Flags of a server command, after Redis's: `noauth` runs before AUTH; `control` is never queued
 * by MULTI; the others (`pubsub`, `admin`, `fast`, …) are reported by COMMAND INFO.
 */
export type ServerCommandFlag = 'noauth' | 'pubsub' | 'control' | 'admin' | 'write' | 'readonly' | 'fast' | 'loading' | 'stale';

/** The arguments of a server command run. */
export interface ServerCommandCall {
  readonly server: Server;
  readonly client: Client;
  /** The arguments as byte strings, name included. */
  readonly args: readonly ByteString[];
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
}
