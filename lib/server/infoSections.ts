import { randomBytes } from 'node:crypto';
import { arch, release, totalmem, type } from 'node:os';
import type { ServerContext } from './ServerCommand.js';

type Fields = [string, string | number][];

const RUN_ID = randomBytes(20).toString('hex');

function human(bytes: number): string {
  const units = ['B', 'K', 'M', 'G', 'T'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes}B` : `${value.toFixed(2)}${units[unit]}`;
}

let peakMemory = 0;

/** Redis's INFO sections, by lower-case name, each a list of `field:value` pairs. */
export const INFO_SECTIONS: Record<string, (server: ServerContext) => Fields> = {
  server: (server) => {
    const uptime = Math.floor((server.now() - server.startedAt) / 1000);
    return [
      ['redis_version', '7.0.15'],
      ['forkless_version', '0.1.0'],
      ['redis_git_sha1', '00000000'],
      ['redis_git_dirty', 0],
      ['redis_build_id', 'forkless'],
      ['redis_mode', 'standalone'],
      ['os', `${type()} ${release()} ${arch()}`],
      ['arch_bits', 64],
      ['multiplexing_api', 'libuv'],
      ['process_id', process.pid],
      ['process_supervised', 'no'],
      ['run_id', RUN_ID],
      ['tcp_port', server.port],
      ['server_time_usec', Math.floor(server.now() * 1000)],
      ['uptime_in_seconds', uptime],
      ['uptime_in_days', Math.floor(uptime / 86400)],
      ['hz', 10],
      ['configured_hz', 10],
      ['executable', process.argv[1] ?? ''],
      ['config_file', server.configFile ?? ''],
      ['io_threads_active', 0],
    ];
  },
  clients: (server) => [
    ['connected_clients', server.clients.size],
    ['cluster_connections', 0],
    ['maxclients', server.config.number('maxclients')],
    ['client_recent_max_input_buffer', Math.max(0, ...[...server.clients.values()].map((client) => client.parser.bufferedBytes))],
    ['client_recent_max_output_buffer', Math.max(0, ...[...server.clients.values()].map((client) => client.outputBytes))],
    ['blocked_clients', server.blocking.size + [...server.clients.values()].filter((client) => client.waiting !== null).length],
    ['tracking_clients', 0],
    ['clients_in_timeout_table', server.blocking.size],
    ['total_blocking_keys', server.blocking.keyCount],
  ],
  memory: () => {
    const usage = process.memoryUsage();
    const used = usage.heapUsed + usage.external;
    peakMemory = Math.max(peakMemory, used);
    return [
      ['used_memory', used],
      ['used_memory_human', human(used)],
      ['used_memory_rss', usage.rss],
      ['used_memory_rss_human', human(usage.rss)],
      ['used_memory_peak', peakMemory],
      ['used_memory_peak_human', human(peakMemory)],
      ['total_system_memory', totalmem()],
      ['total_system_memory_human', human(totalmem())],
      ['maxmemory', 0],
      ['maxmemory_human', '0B'],
      ['maxmemory_policy', 'noeviction'],
      ['mem_fragmentation_ratio', (usage.rss / Math.max(used, 1)).toFixed(2)],
      ['mem_allocator', 'v8'],
    ];
  },
  persistence: (server) => {
    const persistence = server.persistence;
    const progress = persistence.keysTotal === 0 ? 0 : (100 * persistence.keysProcessed) / persistence.keysTotal;
    return [
      ['loading', 0],
      ['async_loading', 0],
      ['current_cow_peak', persistence.currentCowBytes],
      ['current_cow_size', persistence.currentCowBytes],
      ['current_cow_size_age', 0],
      ['current_fork_perc', persistence.inProgress ? progress.toFixed(2) : '0.00'],
      ['current_save_keys_processed', persistence.inProgress ? persistence.keysProcessed : 0],
      ['current_save_keys_total', persistence.inProgress ? persistence.keysTotal : 0],
      ['rdb_changes_since_last_save', persistence.changes],
      ['rdb_bgsave_in_progress', persistence.inProgress ? 1 : 0],
      ['rdb_last_save_time', persistence.lastSave],
      ['rdb_last_bgsave_status', persistence.lastStatus],
      ['rdb_last_bgsave_time_sec', persistence.lastDurationSec],
      ['rdb_current_bgsave_time_sec', persistence.currentDurationSec],
      ['rdb_saves', persistence.saves],
      ['rdb_last_cow_size', persistence.lastCowBytes],
      ['aof_enabled', 0],
      ['aof_rewrite_in_progress', 0],
      ['aof_rewrite_scheduled', 0],
      ['aof_last_rewrite_time_sec', -1],
      ['aof_current_rewrite_time_sec', -1],
      ['aof_last_bgrewrite_status', 'ok'],
      ['aof_last_write_status', 'ok'],
      ['module_fork_in_progress', 0],
      ['module_fork_last_cow_size', 0],
    ];
  },
  stats: (server) => {
    const stats = server.stats;
    const bytes = server.netBytes;
    return [
      ['total_connections_received', stats.connectionsReceived],
      ['total_commands_processed', stats.commandsProcessed],
      ['instantaneous_ops_per_sec', server.rates.ops.perSecond],
      ['total_net_input_bytes', bytes.input],
      ['total_net_output_bytes', bytes.output],
      ['instantaneous_input_kbps', (server.rates.input.perSecond / 1024).toFixed(2)],
      ['instantaneous_output_kbps', (server.rates.output.perSecond / 1024).toFixed(2)],
      ['rejected_connections', stats.rejectedConnections],
      ['expired_keys', stats.expiredKeys],
      ['evicted_keys', 0],
      ['keyspace_hits', stats.keyspaceHits],
      ['keyspace_misses', stats.keyspaceMisses],
      ['pubsub_channels', server.pubsub.channels.size],
      ['pubsub_patterns', server.pubsub.patterns.size],
      ['latest_fork_usec', 0],
      ['total_forks', 0],
      ['total_error_replies', stats.errorReplies],
      ...server.replication.statsFields(),
    ];
  },
  replication: (server) => server.replication.infoFields(),
  cpu: () => {
    const usage = process.cpuUsage();
    return [
      ['used_cpu_sys', (usage.system / 1e6).toFixed(6)],
      ['used_cpu_user', (usage.user / 1e6).toFixed(6)],
      ['used_cpu_sys_children', '0.000000'],
      ['used_cpu_user_children', '0.000000'],
      ['used_cpu_sys_main_thread', (usage.system / 1e6).toFixed(6)],
      ['used_cpu_user_main_thread', (usage.user / 1e6).toFixed(6)],
    ];
  },
  modules: () => [],
  commandstats: (server) =>
    [...server.stats.commands]
      .filter(([, stats]) => stats.calls + stats.rejected > 0)
      .map(([name, stats]) => [
        `cmdstat_${name}`,
        `calls=${stats.calls},usec=${Math.round(stats.usec)},usec_per_call=${(stats.calls === 0 ? 0 : stats.usec / stats.calls).toFixed(2)},rejected_calls=${stats.rejected},failed_calls=${stats.failed}`,
      ]),
  // Sorted by kind, as Redis keeps them (a radix tree).
  errorstats: (server) => [...server.stats.errorKinds].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([kind, count]) => [`errorstat_${kind}`, `count=${count}`]),
  cluster: (server) => [['cluster_enabled', server.config.text('cluster-enabled') === 'yes' ? 1 : 0]],
  keyspace: (server) =>
    server.keyspace.databases.flatMap((database, db): Fields => {
      const keys = server.keyspace.dbsize(db);
      return keys === 0 ? [] : [[`db${db}`, `keys=${keys},expires=${database.expires.size},avg_ttl=0`]];
    }),
};

const DEFAULT = ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules', 'cluster', 'keyspace'];
const TITLES: Record<string, string> = { cpu: 'CPU', commandstats: 'Commandstats' };

/**
 * INFO's text: the named sections (default, all, everything, or section names), Redis's layout.
 *
 * @example
 * ```ts
 * infoText(server, ['persistence']); // '# Persistence\r\nloading:0\r\n…'
 * ```
 */
export function infoText(server: ServerContext, requested: readonly string[]): string {
  const names = new Set<string>();
  for (const word of requested.length === 0 ? ['default'] : requested.map((name) => name.toLowerCase())) {
    if (word === 'default') DEFAULT.forEach((name) => names.add(name));
    else if (word === 'all')
      Object.keys(INFO_SECTIONS)
        .filter((name) => name !== 'modules')
        .forEach((name) => names.add(name));
    else if (word === 'everything') Object.keys(INFO_SECTIONS).forEach((name) => names.add(name));
    else if (word in INFO_SECTIONS) names.add(word);
  }
  return Object.keys(INFO_SECTIONS)
    .filter((name) => names.has(name))
    .map((name) => {
      const title = TITLES[name] ?? name[0]!.toUpperCase() + name.slice(1);
      return [`# ${title}`, ...INFO_SECTIONS[name]!(server).map(([field, value]) => `${field}:${value}`)].join('\r\n') + '\r\n';
    })
    .join('\r\n');
}
