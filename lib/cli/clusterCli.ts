import { createCluster } from '../cluster/createCluster.js';
import { RespLink } from '../cluster/RespLink.js';
import type { LinkConnector } from '../cluster/MigrationLink.js';
import { ExitCode, type CliOutput } from './snapshotCommands.js';

const USAGE = `usage: forkless cluster create <host:port> [<host:port> …]

Gives each node an even share of the 16384 slots (as redis-cli --cluster create, without
replicas) and pushes the topology to every node. The nodes run forkless server --cluster-enabled yes.
`;

/**
 * `forkless cluster …`: `create host:port…` makes a cluster of fresh nodes and prints its slots.
 *
 * @example
 * ```ts
 * process.exitCode = await clusterCli(['create', '127.0.0.1:7000', '127.0.0.1:7001', '127.0.0.1:7002'], process);
 * ```
 */
export async function clusterCli(args: readonly string[], output: CliOutput, connect: LinkConnector = RespLink.connector): Promise<number> {
  const [command, ...nodes] = args;
  const addresses = nodes.map((text) => /^(.+):(\d{1,5})$/.exec(text));
  if (command !== 'create' || addresses.length === 0 || addresses.some((match) => match === null)) {
    output.stderr.write(USAGE);
    return ExitCode.usage;
  }
  try {
    const document = await createCluster(addresses.map((match) => ({ host: match![1]!, port: Number(match![2]) })), connect);
    for (const node of document.nodes) output.stdout.write(`M: ${node.id} ${node.host}:${node.port}\n   slots:${node.slots.map(([start, end]) => `[${start}-${end}]`).join(',')} (${node.slots.reduce((sum, [start, end]) => sum + end - start + 1, 0)} slots) master\n`);
    output.stdout.write('[OK] All 16384 slots covered.\n');
    return ExitCode.ok;
  } catch (error) {
    output.stderr.write(`[ERR] ${(error as Error).message}\n`);
    return ExitCode.invalid;
  }
}
