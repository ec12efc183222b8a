import type { ByteString } from '../keyspace/byteString.js';
import type { Reply } from '../keyspace/Reply.js';
import type { Client } from './Client.js';

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
 * A check of every request after lookup, arity and AUTH and before MULTI queueing (cluster
 * routing); the server runs it when a {@link ServerExtension} provides one.
 *
 * @example
 * ```ts
 * const filter: RequestFilter = (client, argv) => (argv.length > 9 ? { kind: 'error', message: 'ERR too long' } : { kind: 'run' });
 * ```
 */
export type RequestFilter = (client: Client, argv: readonly ByteString[]) => RequestDecision;
