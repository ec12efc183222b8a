import { loadSnapshot } from '../../snapshot/loadSnapshot.js';
import { ExitCode, type CliCommand } from '../CliCommand.js';
import { seconds } from '../progressBar.js';
import { totalKeys } from '../totalKeys.js';

/**
 * `forkless snapshot load <file>`: loads the file into a fresh keyspace and prints its key count,
 * offset and digest.
 *
 * @example
 * ```sh
 * npx forkless snapshot load dump.fkl
 * ```
 */
export const snapshotLoad: CliCommand = {
  name: ['snapshot', 'load'],
  summary: 'load the snapshot and print keys, offset and digest',
  arguments: ['<file>'],
  options: {},
  async run(commandLine, context) {
    const [path] = commandLine.positionals as [string];
    const started = performance.now();
    const keyspace = await loadSnapshot(path);
    context.stdout.write(`loaded ${totalKeys(keyspace)} keys at offset ${keyspace.offset} in ${seconds(performance.now() - started)}; digest ${keyspace.digest()}\n`);
    return ExitCode.ok;
  },
};
