import { inspectSnapshot } from '../../snapshot/inspectSnapshot.js';
import { ExitCode, type CliCommand } from '../CliCommand.js';
import { formatInspection } from '../formatInspection.js';

/**
 * `forkless snapshot inspect <file> [--json]`: header, key counts per database and type, checksum
 * status and the first defect; exit 1 when the file is invalid.
 *
 * @example
 * ```sh
 * npx forkless snapshot inspect dump.fkl --json
 * ```
 */
export const snapshotInspect: CliCommand = {
  name: ['snapshot', 'inspect'],
  summary: 'header, key counts per database and type, checksum status',
  arguments: ['<file>'],
  options: { json: { type: 'boolean', description: 'print the report as JSON' } },
  async run(commandLine, context) {
    const [path] = commandLine.positionals as [string];
    const report = await inspectSnapshot(path);
    if (commandLine.options.json === true) {
      const databases = Object.fromEntries(report.databases);
      const error = report.error && { code: report.error.code, message: report.error.message, offset: report.error.details.offset ?? null };
      context.stdout.write(`${JSON.stringify({ ...report, databases, error }, null, 2)}\n`);
    } else context.stdout.write(`${formatInspection(report)}\n`);
    return report.valid ? ExitCode.ok : ExitCode.failure;
  },
};
