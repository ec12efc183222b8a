import type { SchedulerLike } from 'rxjs';
import { ForklessError } from '../errors.js';
import type { Keyspace } from '../keyspace/Keyspace.js';
import { CONFIG_PARAMETERS } from './configParameters.js';
import { ServerConfig } from './ServerConfig.js';
import type { ServerExtensionFactory } from './ServerExtension.js';

/**
 * Options of {@link startServer}. Directives take redis-server's names; the defaults table is
 * {@link CONFIG_PARAMETERS} (defaults as redis-server's, except `dbfilename` = `dump.fkl`).
 */
export interface ServerOptions {
  /** The keyspace to serve (default: a new one with `databases` databases, loaded from `dir/dbfilename` if it exists). */
  keyspace?: Keyspace;
  /** Address to listen on (the `bind` directive; default 127.0.0.1). */
  host?: string;
  port?: number;
  requirepass?: string;
  dir?: string;
  dbfilename?: string;
  /** "seconds changes" pairs, e.g. "900 1 300 10"; "" disables automatic saves. */
  save?: string;
  appendonly?: 'no';
  databases?: number;
  maxclients?: number;
  timeout?: number;
  /** Follow this Redis master from the start (the `replicaof` directive); the keyspace is read-only while following. */
  replicaof?: { readonly host: string; readonly port: number };
  /** Any directive by its redis.conf name, e.g. `{ 'notify-keyspace-events': 'KEA', 'proto-max-bulk-len': '1mb' }`. */
  config?: Readonly<Record<string, string | number>>;
  /** Time for blocking timeouts, idle clients and save rules (default rxjs asyncScheduler); inject a virtual one in tests. */
  scheduler?: SchedulerLike;
  /** Load `dir/dbfilename` at start when the server creates the keyspace (default true). */
  loadSnapshot?: boolean;
  /** The config file these options came from (INFO `config_file`; CONFIG REWRITE writes it). */
  configFile?: string;
  /** A layer above the server (cluster mode: `clusterServerExtension` of lib/cluster), built once the port is known. */
  extension?: ServerExtensionFactory;
}

const DIRECT_OPTIONS = ['port', 'requirepass', 'dir', 'dbfilename', 'save', 'appendonly', 'databases', 'maxclients', 'timeout'] as const;

/**
 * Validates options into a live {@link ServerConfig}; a bad value throws
 * FORKLESS_ERR_INVALID_OPTION naming the option, the value and what is accepted.
 *
 * @example
 * ```ts
 * normalizeServerOptions({ port: 0, save: '' }).number('port'); // 0
 * normalizeServerOptions({ maxclients: 0 }); // throws FORKLESS_ERR_INVALID_OPTION
 * ```
 */
export function normalizeServerOptions(options: ServerOptions): ServerConfig {
  const config = new ServerConfig();
  const apply = (name: string, value: unknown) => {
    if (value === undefined) return;
    if (typeof value !== 'string' && typeof value !== 'number') invalid(name, value, 'a string or a number');
    try {
      config.set(name, String(value), true);
    } catch (error) {
      invalid(name, value, (error as Error).message);
    }
  };
  if (options.host !== undefined) apply('bind', options.host);
  for (const name of DIRECT_OPTIONS) apply(name, options[name]);
  if (options.replicaof !== undefined) apply('replicaof', masterText(options.replicaof));
  for (const [name, value] of Object.entries(options.config ?? {})) apply(name, value);
  return config;
}

function masterText(master: unknown): string {
  const { host, port } = (master ?? {}) as { host?: unknown; port?: unknown };
  if (typeof host !== 'string' || host === '' || typeof port !== 'number') invalid('replicaof', master, 'an object { host, port }');
  return `${host} ${port}`;
}

function invalid(name: string, value: unknown, accepted: string): never {
  const known = CONFIG_PARAMETERS.map((parameter) => parameter.name).join(', ');
  throw new ForklessError(
    'FORKLESS_ERR_INVALID_OPTION',
    `${name} = ${JSON.stringify(value)}: ${accepted.startsWith('unknown') ? `unknown directive; known: ${known}` : accepted}`,
    { option: name, value },
  );
}
