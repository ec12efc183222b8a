import { readFile } from 'node:fs/promises';
import { clusterServerExtension } from '../cluster/clusterServerExtension.js';
import { isForklessError } from '../errors.js';
import { parseConfigFile } from '../server/parseConfigFile.js';
import { startServer } from '../server/startServer.js';
import type { ServerContext } from '../server/ServerCommand.js';
import type { CliIo } from './CliCommand.js';

const USAGE = `usage: forkless server [config-file] [--directive value …]

Directives take redis-server's names (see the README's server table), e.g.
  forkless server --port 6379 --dir . --dbfilename dump.fkl --requirepass secret --save "900 1 300 10"
A config file holds the same directives, one per line (redis.conf syntax). Flags override it.
SIGTERM or SIGINT saves (when save rules are set) and exits.
`;

/**
 * Reads `[config-file] [--directive value …]` as redis-server does: a flag's value is every word up
 * to the next `--` flag.
 *
 * @example
 * ```ts
 * parseServerArguments(['--port', '7000', '--save', '900', '1']); // { file: undefined, directives: { port: '7000', save: '900 1' } }
 * ```
 */
export function parseServerArguments(argv: readonly string[]): { file: string | undefined; directives: Record<string, string> } {
  const file = argv[0] !== undefined && !argv[0].startsWith('--') ? argv[0] : undefined;
  const directives: Record<string, string> = {};
  let current: string | undefined;
  for (const word of argv.slice(file === undefined ? 0 : 1)) {
    if (word.startsWith('--')) {
      current = word.slice(2);
      directives[current] = '';
    } else if (current === undefined) throw new Error(`unexpected argument '${word}'`);
    else directives[current] = directives[current] === '' ? word : `${directives[current]} ${word}`;
  }
  return { file, directives };
}

/**
 * `forkless server`: starts a RESP server with redis-server's directives from a config file and
 * flags, loads the snapshot in `dir`, and runs until `signal` aborts or SIGTERM arrives or a client
 * sends SHUTDOWN; then saves (when save rules are set) and returns the exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await serverCommand(['--port', '6379'], process, controller.signal);
 * ```
 */
export async function serverCommand(argv: readonly string[], output: CliIo, signal: AbortSignal, signals: NodeJS.EventEmitter = process): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    output.stdout.write(USAGE);
    return 0;
  }
  let server;
  try {
    const { file, directives } = parseServerArguments(argv);
    const fromFile = file === undefined ? {} : parseConfigFile(await readFile(file, 'utf8'));
    // In cluster mode, each finished slot migration this node exported gets a log line.
    const extension = (context: ServerContext) => {
      const cluster = clusterServerExtension(context);
      cluster?.node.exportsEnded$.subscribe((job) => output.stdout.write(`${job.summary()}\n`));
      return cluster;
    };
    server = await startServer({ config: { ...fromFile, ...directives }, extension, ...(file === undefined ? {} : { configFile: file }) });
  } catch (error) {
    const text = isForklessError(error) ? `${error.code}: ${error.message}` : (error as Error).message;
    output.stderr.write(`forkless: ${text}\n${USAGE}`);
    return 2;
  }
  output.stdout.write(`forkless server listening on ${server.config.text('bind')}:${server.port} (dir ${server.config.text('dir')}, ${server.keyspace.dbsize()} keys in db 0)\n`);
  const running = server;
  const stop = () => void running.shutdown();
  signal.addEventListener('abort', stop, { once: true });
  signals.once('SIGTERM', stop);
  await running.closed;
  signals.off('SIGTERM', stop);
  output.stdout.write('forkless server stopped\n');
  return 0;
}
