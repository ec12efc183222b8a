import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';
import { ClusterConnectionEndpoint } from '../../lib/cluster/ClusterConnectionEndpoint.js';
import { ClusterNode } from '../../lib/cluster/ClusterNode.js';
import { InProcessLink } from '../../lib/cluster/InProcessLink.js';
import type { ClusterNodeOptions } from '../../lib/cluster/ClusterNodeOptions.js';
import { commandTable } from '../../lib/keyspace/commands/index.js';
import { toByteString, type ByteString } from '../../lib/keyspace/byteString.js';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { keyHashSlot, SLOT_COUNT } from '../../lib/keyspace/keyHashSlot.js';
import type { Reply } from '../../lib/keyspace/Reply.js';
import { ReplyError } from '../../lib/keyspace/ReplyError.js';
import { typeOfValue } from '../../lib/keyspace/Value.js';
import { dumpLine } from '../support/dumpKeyspace.js';

/**
 * Timers for tests: delay 0 runs on the next setImmediate, a positive delay waits for
 * {@link advance} (an injected clock: no test depends on wall time).
 */
export class TestTimers implements SchedulerLike {
  time = 0;
  private readonly held: { at: number; run: () => void; action: Subscription }[] = [];
  now(): number {
    return this.time;
  }
  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    const action = new Subscription() as Subscription & SchedulerAction<T>;
    action.schedule = (next?: T, nextDelay?: number) => this.schedule(work, nextDelay, next);
    const run = () => !action.closed && work.call(action, state);
    if (delay <= 0) setImmediate(run);
    else this.held.push({ at: this.time + delay, run, action });
    return action;
  }
  /** Moves the clock and fires every timer that became due. */
  advance(ms: number): void {
    this.time += ms;
    for (const timer of this.held.filter(({ at }) => at <= this.time)) {
      this.held.splice(this.held.indexOf(timer), 1);
      timer.run();
    }
  }
}

export type LinkObserver = (argv: readonly ByteString[], link: InProcessLink, from: ClusterNode, to: ClusterNode) => void;

/** Three (or n) nodes in one process over in-process links, slots split evenly, topology known to all. */
export function inProcessCluster(count: number, options: Partial<ClusterNodeOptions> = {}) {
  const timers = new TestTimers();
  const nodes: ClusterNode[] = [];
  const links: InProcessLink[] = [];
  const down = new Set<number>();
  let observer: LinkObserver = () => {};
  for (let index = 0; index < count; index++) {
    const self = index;
    const keyspace = new Keyspace();
    nodes.push(
      new ClusterNode({
        ...options,
        keyspace,
        host: '127.0.0.1',
        port: 7000 + index,
        scheduler: timers,
        connect: async (peer) => {
          const target = nodes.find((node) => node.topology.myself.port === peer.port)!;
          if (down.has(peer.port)) throw Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:${peer.port}`), { code: 'ECONNREFUSED' }); // as a socket's
          const link = new InProcessLink(new ClusterConnectionEndpoint(target), setImmediate, (argv, current) => observer(argv, current, nodes[self]!, target));
          links.push(link);
          return link;
        },
      }),
    );
  }
  const per = Math.ceil(SLOT_COUNT / count);
  nodes.forEach((node, index) => {
    node.topology.assign(range(index * per, Math.min(SLOT_COUNT, (index + 1) * per) - 1), node.id);
    node.topology.myself.configEpoch = index + 1;
  });
  for (const node of nodes) for (const other of nodes) other.topology.merge(node.topology.toDocument());
  return {
    nodes,
    links,
    timers,
    /** Makes a node unreachable (connect refused) and cuts its links: a killed process. */
    kill(node: ClusterNode) {
      down.add(node.topology.myself.port);
      for (const link of links) link.cut(new Error('killed'));
    },
    /** Refuses (or again accepts) new connections to a node, without cutting its links: a partition. */
    unreachable(node: ClusterNode, refused: boolean) {
      if (refused) down.add(node.topology.myself.port);
      else down.delete(node.topology.myself.port);
    },
    observe(next: LinkObserver) {
      observer = next;
    },
  };
}

export function range(start: number, end: number): number[] {
  return Array.from({ length: end - start + 1 }, (_, index) => start + index);
}

/**
 * A cluster client as ioredis behaves: a slot map, MOVED updates it and retries, a paused write
 * waits; never sees an error other than the command's own.
 */
export class TestClusterClient {
  private readonly slots = new Map<number, ClusterNode>();
  redirections = 0;
  constructor(private readonly nodes: readonly ClusterNode[]) {}

  execute(argv: readonly (string | Uint8Array)[]): Promise<Reply> {
    return this.transaction([argv]).then((replies) => replies[0]!);
  }

  /** Runs commands as one MULTI/EXEC on the node that owns their slot; resolves with EXEC's replies. */
  async transaction(commands: readonly (readonly (string | Uint8Array)[])[]): Promise<Reply[]> {
    const routed = commands.map((argv) => argv.map(toByteString)).map((argv) => ({ specification: commandTable.get(argv[0]!.toLowerCase())!, argv }));
    const keys = routed.flatMap(({ specification, argv }) => specification.keys(argv as ByteString[], 0));
    const slot = keys.length > 0 ? keyHashSlot(keys[0]!.key) : 0;
    for (let attempt = 0; attempt < 16; attempt++) {
      const node = this.slots.get(slot) ?? this.nodes[0]!;
      const route = node.route(routed);
      if (route.kind === 'local') return runAtomically(node.keyspace, commands);
      if (route.kind === 'wait') {
        await route.until;
        continue;
      }
      const moved = /^MOVED (\d+) [^:]+:(\d+)$/.exec(route.message);
      if (moved === null) throw new ReplyError(route.message);
      this.redirections++;
      this.slots.set(
        slot,
        this.nodes.find((candidate) => candidate.topology.myself.port === Number(moved[2]))!,
      );
    }
    throw new Error('too many redirections');
  }
}

/** One command as is, several inside MULTI/EXEC of one session (as a server runs EXEC). */
export function runAtomically(keyspace: Keyspace, commands: readonly (readonly (string | Uint8Array)[])[]): Reply[] {
  if (commands.length === 1) return [keyspace.execute(commands[0]!, { encoding: 'binary' })];
  const session = keyspace.session();
  session.execute(['MULTI']);
  for (const argv of commands) session.execute(argv);
  return session.execute(['EXEC']) as Reply[];
}

/** Sorted dump lines of one slot of one node (all databases, hidden keys included). */
export function dumpSlot(keyspace: Keyspace, slot: number): string[] {
  const lines: string[] = [];
  keyspace.databases.forEach((database, db) => {
    for (const key of database.slot(slot)?.keys() ?? []) {
      const value = database.value(key)!;
      lines.push(dumpLine(db, key, typeOfValue(value), value, database.expiryOf(key)));
    }
  });
  return lines.sort();
}

/** Waits for the setImmediate queue to run `turns` times. */
export async function turns(count = 1): Promise<void> {
  for (let index = 0; index < count; index++) await new Promise((resolve) => setImmediate(resolve));
}
