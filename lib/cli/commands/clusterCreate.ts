import { createCluster } from '../../cluster/createCluster.js';
import type { LinkConnector } from '../../cluster/MigrationLink.js';
import { RespLink } from '../../cluster/RespLink.js';
import { ExitCode, type CliCommand } from '../CliCommand.js';
import { stringOption } from '../optionValues.js';
import { UsageError } from '../UsageError.js';

/**
 * `forkless cluster create <host:port>...` over a given connector (tests pass in-process links);
 * with a password (`--pass`, else `REDISCLI_AUTH`, as redis-cli) over `withPassword(password)`.
 *
 * @example
 * ```ts
 * const command = clusterCreateCommand(RespLink.connector);
 * ```
 */
export function clusterCreateCommand(connect: LinkConnector, withPassword = (password: string) => RespLink.authenticating(() => ({ password }))): CliCommand {
  return {
    name: ['cluster', 'create'],
    summary: 'give fresh cluster nodes an even share of the 16384 slots',
    arguments: ['<host:port>...'],
    options: { pass: { type: 'string', value: 'PASSWORD', description: "the nodes' requirepass (default: $REDISCLI_AUTH)" } },
    description:
      'Splits the slots evenly as redis-cli --cluster create does (without replicas) and pushes one topology\n' +
      'with config epochs 1..N to every node. The nodes run forkless server --cluster-enabled yes and\n' +
      'must serve no slots and know no other node yet.',
    async run(commandLine, context) {
      const addresses = commandLine.positionals.map((text) => {
        const match = /^(.+):(\d{1,5})$/.exec(text);
        if (match === null) throw new UsageError(`not a host:port address: ${text}`);
        return { host: match[1]!, port: Number(match[2]) };
      });
      const password = stringOption(commandLine, 'pass') ?? context.env?.REDISCLI_AUTH ?? '';
      try {
        const document = await createCluster(addresses, password === '' ? connect : withPassword(password));
        for (const node of document.nodes) {
          const count = node.slots.reduce((sum, [start, end]) => sum + end - start + 1, 0);
          context.stdout.write(`M: ${node.id} ${node.host}:${node.port}\n   slots:${node.slots.map(([start, end]) => `[${start}-${end}]`).join(',')} (${count} slots) master\n`);
        }
        context.stdout.write('[OK] All 16384 slots covered.\n');
        return ExitCode.ok;
      } catch (error) {
        context.stderr.write(`[ERR] ${(error as Error).message}\n`);
        return ExitCode.failure;
      }
    },
  };
}

/**
 * `forkless cluster create 127.0.0.1:7000 127.0.0.1:7001 127.0.0.1:7002`.
 *
 * @example
 * ```sh
 * npx forkless cluster create 127.0.0.1:7000 127.0.0.1:7001 127.0.0.1:7002
 * ```
 */
export const clusterCreate: CliCommand = clusterCreateCommand(RespLink.connector);
