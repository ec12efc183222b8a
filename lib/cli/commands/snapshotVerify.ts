import { inspectSnapshot } from '../../snapshot/inspectSnapshot.js';
import { ExitCode, type CliCommand } from '../CliCommand.js';

/**
 * `forkless snapshot verify <file>`: one line; exit 0 when the file is valid, 1 otherwise.
 *
 * @example
 * ```sh
 * npx forkless snapshot verify dump.fkl && echo ok
 * ```
 */
export const snapshotVerify: CliCommand = {
  name: ['snapshot', 'verify'],
  summary: 'exit 0 if the file is valid, 1 if not',
  arguments: ['<file>'],
  options: {},
  async run(commandLine, context) {
    const [path] = commandLine.positionals as [string];
    const report = await inspectSnapshot(path);
    if (report.valid) {
      context.stdout.write(`OK ${path}: ${report.keys} keys, checksum ok\n`);
      return ExitCode.ok;
    }
    context.stdout.write(`INVALID ${path}: ${report.error?.code}: ${report.error?.message}\n`);
    return ExitCode.failure;
  },
};
