import type { ByteString } from '../keyspace/byteString.js';
import type { Reply } from '../keyspace/Reply.js';
import { ReplyError } from '../keyspace/ReplyError.js';
import { clusterCommand, type ClusterConnection } from './clusterCommand.js';
import type { ClusterNode } from './ClusterNode.js';
import type { LinkEndpoint } from './InProcessLink.js';

/**
 * What a node-to-node connection reaches on a node, as the RESP server dispatches it: `CLUSTER …`
 * commands, and, once `CLUSTER SYNCSLOTS ESTABLISH` made it a migration link, the source's write
 * commands. In-process clusters connect their links here.
 *
 * @example
 * ```ts
 * const link = new InProcessLink(new ClusterConnectionEndpoint(targetNode));
 * ```
 */
export class ClusterConnectionEndpoint implements LinkEndpoint {
  readonly connection: ClusterConnection = { db: 0, link: null, readonly: false };

  constructor(private readonly node: ClusterNode) {}

  execute(argv: readonly ByteString[]): Reply {
    if (argv[0]!.toLowerCase() === 'cluster') return clusterCommand(this.node, argv.slice(1), this.connection).reply;
    if (this.connection.link !== null) return this.connection.link.execute(argv);
    throw new ReplyError('ERR only CLUSTER commands before CLUSTER SYNCSLOTS ESTABLISH on a node link');
  }

  closed(): void {
    this.connection.link?.closed();
  }
}
