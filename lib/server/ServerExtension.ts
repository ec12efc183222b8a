import type { ByteString } from '../keyspace/byteString.js';
import type { Client } from './Client.js';
import type { RequestDecision } from './RequestFilter.js';
import type { ServerCommand, ServerContext } from './ServerCommand.js';

/**
 * A layer above the server plugged into it (cluster mode): extra commands, a check of every
 * request after lookup, arity and AUTH and before MULTI queueing, and hooks for closed clients
 * and the server's close. The server never imports such a layer; the layer is passed in
 * {@link ServerOptions.extension}.
 *
 * @example
 * ```ts
 * const extension: ServerExtensionFactory = (server) => ({ commands: [], filter: () => ({ kind: 'run' }) });
 * await startServer({ port: 0, extension });
 * ```
 */
export interface ServerExtension {
  /** Commands the server answers in addition to its own. */
  readonly commands?: readonly ServerCommand[];
  /** Checks a request before it runs or is queued by MULTI. */
  filter?(client: Client, argv: readonly ByteString[]): RequestDecision;
  /** A client's connection closed. */
  clientClosed?(client: Client): void;
  /** The server closes. */
  close?(): void;
}

/** Builds an extension for a running server (its port is known); undefined: nothing to add. */
export type ServerExtensionFactory = (server: ServerContext) => ServerExtension | undefined;
