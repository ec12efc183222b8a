import type { ByteString } from '../keyspace/byteString.js';
import type { CommandSpecification } from '../keyspace/commandTable.js';
import { keyHashSlot } from '../keyspace/keyHashSlot.js';

/** What the routing check needs to know about the cluster. */
export interface RoutingView {
  readonly myId: string;
  /** The owner of a slot, or undefined when unowned. */
  ownerOf(slot: number): { readonly id: string; readonly host: string; readonly port: number } | undefined;
  /** A promise settled when writes to the slot may go on, or undefined when it is not paused. */
  pausedUntil(slot: number): Promise<void> | undefined;
}

/** One command to route: its table row and its arguments (byte strings, name included). */
export interface RoutedCommand {
  readonly specification: CommandSpecification;
  readonly argv: readonly ByteString[];
}

/**
 * The routing decision for a request: run it here (`slot` = the slot of its keys, null when it
 * has none), answer with an error, or wait until the slot's handoff is over and route again.
 */
export type Route =
  { readonly kind: 'local'; readonly slot: number | null } | { readonly kind: 'error'; readonly message: string } | { readonly kind: 'wait'; readonly until: Promise<void> };

/** Redis 7.0's reply to keys of one request in several slots. */
export const CROSSSLOT_ERROR = "CROSSSLOT Keys in request don't hash to the same slot";
/** Redis 7.0's reply to a key of a slot no node serves. */
export const UNBOUND_ERROR = 'CLUSTERDOWN Hash slot not served';

/**
 * Redis Cluster's routing check (`getNodeByQuery`) for one command or a whole MULTI queue (EXEC):
 * every key must hash to one slot (`-CROSSSLOT`); an unowned slot is `-CLUSTERDOWN Hash slot not
 * served`; a slot owned elsewhere is `-MOVED <slot> <host>:<port>`; a write to a slot paused for
 * a migration's handoff waits (then routes again: MOVED once the slot moved, local after a
 * rollback). Keyless commands always run locally. Reads of a paused slot run: the data is still
 * here and still current. There is no `-ASK`: a migration moves slots atomically, so keys never
 * straddle two nodes and `-TRYAGAIN` (a multi-key command over half-moved keys) cannot occur.
 *
 * @example
 * ```ts
 * routeCommands(view, [{ specification: commandTable.get('mset')!, argv: ['MSET', 'a', '1', 'b', '2'] }]);
 * // { kind: 'error', message: "CROSSSLOT Keys in request don't hash to the same slot" }
 * ```
 */
export function routeCommands(view: RoutingView, commands: readonly RoutedCommand[]): Route {
  let slot: number | null = null;
  let writes = false;
  for (const { specification, argv } of commands) {
    for (const { key } of specification.keys(argv, 0)) {
      const keySlot = keyHashSlot(key);
      if (slot !== null && keySlot !== slot) return { kind: 'error', message: CROSSSLOT_ERROR };
      slot = keySlot;
    }
    writes ||= specification.flags.has('write');
  }
  if (slot === null) return { kind: 'local', slot: null };
  const owner = view.ownerOf(slot);
  if (owner === undefined) return { kind: 'error', message: UNBOUND_ERROR };
  if (owner.id !== view.myId) return { kind: 'error', message: `MOVED ${slot} ${owner.host}:${owner.port}` };
  const until = writes ? view.pausedUntil(slot) : undefined;
  return until === undefined ? { kind: 'local', slot } : { kind: 'wait', until };
}
