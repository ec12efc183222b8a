import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { asyncScheduler } from 'rxjs';
import { ForklessError } from '../errors.js';
import { Keyspace } from '../keyspace/Keyspace.js';
import { loadSnapshot } from '../snapshot/loadSnapshot.js';
import { Server } from './Server.js';
import { normalizeServerOptions, type ServerOptions } from './ServerOptions.js';

/**
 * Starts a Redis-compatible RESP2/RESP3 server over a keyspace. Without a `keyspace` it creates
 * one (with active expiry) and loads `dir/dbfilename` when that file exists.
 *
 * @example
 * ```ts
 * const server = await startServer({ port: 0, save: '' });
 * // redis-cli -p ${server.port} PING
 * await server.close();
 * ```
 */
export async function startServer(options: ServerOptions = {}): Promise<Server> {
  const config = normalizeServerOptions(options);
  if (config.text('cluster-enabled') === 'yes' && options.extension === undefined) {
    const message = 'cluster-enabled = "yes": cluster mode needs the cluster layer (pass extension: clusterServerExtension from forkless/cluster, or run `forkless server`)';
    throw new ForklessError('FORKLESS_ERR_INVALID_OPTION', message, { option: 'cluster-enabled', value: 'yes' });
  }
  let keyspace = options.keyspace;
  const owned = keyspace === undefined;
  if (keyspace === undefined) {
    keyspace = new Keyspace({ databases: config.number('databases'), activeExpiry: true });
    const path = join(config.text('dir'), config.text('dbfilename'));
    if (options.loadSnapshot !== false && existsSync(path)) await loadSnapshot(path, keyspace);
  }
  const listener = createServer();
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(config.number('port'), config.text('bind'), () => {
      listener.off('error', reject);
      resolve();
    });
  });
  const server = new Server(keyspace, config, options.scheduler ?? asyncScheduler, listener, owned);
  server.configFile = options.configFile;
  if (options.extension !== undefined) server.extend(options.extension);
  return server;
}
