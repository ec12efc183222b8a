import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchOptions } from './BenchOptions.js';

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

/** The command line that reproduces a run. */
export function benchCommand(options: BenchOptions): string {
  const flags = [`--keys ${options.keys}`, `--value-size ${options.valueSize}`, `--write-rate ${options.writeRate}`, `--seed ${options.seed}`];
  if (options.quick) flags.push('--quick');
  return `npm run bench -- ${flags.join(' ')}`;
}

/**
 * Replaces the README's text between the bench markers (appended at the end if missing) with a
 * run's table, date, machine and command. The file is read right before writing, so other
 * sections edited meanwhile are kept.
 *
 * @example
 * ```ts
 * updateReadme({ table: formatTable(rows), machine: machineDescription(), options });
 * ```
 */
export function updateReadme(run: { table: string; machine: string; options: BenchOptions }): void {
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'README.md');
  let text = readFileSync(file, 'utf8');
  if (!text.includes(START) || !text.includes(END)) text = `${text.trimEnd()}\n\n${START}\n${END}\n`;
  const body = [
    START,
    `Measured ${new Date().toISOString().slice(0, 10)} on ${run.machine}, with:`,
    '',
    `    ${benchCommand(run.options)}`,
    '',
    run.table,
    END,
  ].join('\n');
  const before = text.slice(0, text.indexOf(START));
  const after = text.slice(text.indexOf(END) + END.length);
  writeFileSync(file, before + body + after);
}
