/**
 * Cluster mode: topology, routing, CLUSTER commands and forkless slot migration.
 *
 * @example
 * ```ts
 * import { ClusterNode, RespLink } from 'forkless/cluster';
 * const node = new ClusterNode({ keyspace, host: '127.0.0.1', port: 7000, connect: RespLink.connector });
 * ```
 * @packageDocumentation
 */
export { ClusterNode } from './ClusterNode.js';
export { ClusterTopology } from './ClusterTopology.js';
export type { ClusterPeer, TopologyDocument } from './ClusterTopology.js';
export { clusterCommand } from './clusterCommand.js';
export type { ClusterConnection } from './clusterCommand.js';
export { ClusterConnectionEndpoint } from './ClusterConnectionEndpoint.js';
export { clusterInfoReply, clusterNodesReply, clusterShardsReply, clusterSlotsReply } from './clusterReplies.js';
export type { ClusterReply, ClusterReplyShape } from './clusterReplies.js';
export { routeCommands, CROSSSLOT_ERROR, UNBOUND_ERROR } from './routeCommand.js';
export type { Route, RoutedCommand, RoutingView } from './routeCommand.js';
export { MigrationJob } from './MigrationJob.js';
export type { MigrationProgress, MigrationState } from './MigrationJob.js';
export { normalizeClusterNodeOptions, CLUSTER_NODE_OPTIONS } from './ClusterNodeOptions.js';
export type { ClusterNodeOptions } from './ClusterNodeOptions.js';
export type { MigrationLink, LinkConnector } from './MigrationLink.js';
export { RespLink } from './RespLink.js';
export { RespReplyParser } from './RespReplyParser.js';
export { InProcessLink } from './InProcessLink.js';
export type { LinkEndpoint } from './InProcessLink.js';
export { entryCommands } from './entryCommands.js';
export { createCluster, evenSlotRanges } from './createCluster.js';
export { clusterServerExtension } from './clusterServerExtension.js';
