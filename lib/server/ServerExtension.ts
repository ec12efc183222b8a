import type { ByteString } from '../keyspace/byteString.js';
import type { Reply } from '../keyspace/Reply.js';
import type { Client } from './Client.js';
import type { ServerCommand, ServerContext } from './ServerCommand.js';

/**
 * What a request filter decides: run the request as usual, answer an error (as a rejection:
 * inside MULTI the transaction is flagged, a rejected EXEC discards it), hold the client until
 * `until` settles and dispatch the request again, or send `reply` instead of running it.
 */
export type RequestDecision =
  | { readonly kind: 'run' }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'wait'; readonly until: Promise<void> }
  | { readonly kind: 'reply'; readonly reply: Reply };

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
