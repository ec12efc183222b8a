import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchOptions } from './BenchOptions.js';

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

const HOW_TO_READ = [
  'Every figure sits next to a baseline measured in the same run; the ratio is value / baseline.',
  'The writer is open-loop: SETs of random existing keys fall due at `--write-rate` per second and a',
  '1 ms timer runs those due, so its latency (due time to reply) counts event-loop stalls, as a',
  'client would see them. Event-loop delay comes from `perf_hooks.monitorEventLoopDelay` (1 ms',
  'resolution). The raw limit is the same pairs encoded by one msgpackr call and written by one',
  'write + fsync. Memory is the peak above the post-GC level before the save (heap + external, and',
  'RSS), next to what the dataset itself holds after GC; latency phases do not start right after a',
  'forced full GC (it makes the next ~60 ms stall 5-14 ms, which neither idle nor production sees).',
  'The machine is shared (the load average is on the machine line): repeat runs differ by tens of',
  'percent.',
  'The interop rows set forkless next to redis-server 7.0 holding the same data, written by redis',
  'itself (forkless writes an RDB, redis loads it and SAVEs): redis load time is its own "DB loaded',
  'from disk" figure (ms precision), its CPU INFO cpu from start to loaded less an empty start, its',
  "memory used_memory less an empty server's; forkless CPU is `process.cpuUsage` (every thread), GC",
  "the main-thread pauses of `perf_hooks` 'gc' entries, the follower's CPU its own process's. Each",
  'forkless load runs once in a new process of its own, as redis-server loads at start: cold code,',
  "and a heap that holds nothing else (the bench process's datasets would add their mark-compacts",
  "to it); the `.fkl` load is the second of the file, as redis's is its second start on the data",
  '(the first process to take that much memory pays for the machine handing it back: three loads in',
  'a row of 1M strings right after a process that held 3 GB exited took 1181, 1110 and 1059 ms).',
  "The saves compared with BGSAVE run in that load's process after it, on the data it loaded, as",
  "redis's BGSAVE child holds only its data; the save of the same data in the bench process, which",
  'holds every dataset of the run, is shown next to them.',
  'The server rows likewise run `forkless server` as a process of its own that loaded the dataset',
  'at start, as redis-server holds it. The writer',
  'rows during a sync under load (pinned full syncs, a redis replica of forkless) follow one',
  'unmeasured sync under the same load (the first compiles the write path of a replicating',
  'iteration), and a redis replica is started before the writer (a fork from a large process',
  'stalls it). Those rows run in a leader process of their own, built from the same options and',
  'seed, next to its own idle baseline: the bench process also holds what earlier sections left,',
  "and its mark-compacts would be counted as the leader's.",
  'Section reference and flags: `test/bench/main.ts`; profiles: `test/bench/profilePath.ts`.',
];

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
export function updateReadme(run: { table: string; targets: readonly string[]; machine: string; options: BenchOptions }): void {
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'README.md');
  writeFileSync(file, replaceBenchSection(readFileSync(file, 'utf8'), benchSection(run)));
}

/**
 * `text` with everything between the bench markers replaced by `section` (markers included in
 * `section`); markers are appended at the end when missing. Text outside the markers is kept.
 *
 * @example
 * ```ts
 * replaceBenchSection('# T\n', '<!-- bench:start -->\nx\n<!-- bench:end -->'); // '# T\n\n<!-- bench:start -->\nx\n<!-- bench:end -->\n'
 * ```
 */
export function replaceBenchSection(text: string, section: string): string {
  const start = text.indexOf(START);
  const end = text.indexOf(END, start);
  if (start === -1 || end === -1) return `${text.trimEnd()}\n\n${section}\n`;
  return text.slice(0, start) + section + text.slice(end + END.length);
}

function benchSection(run: { table: string; targets: readonly string[]; machine: string; options: BenchOptions }): string {
  return [
    START,
    '## Benchmarks',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${run.machine}, with:`,
    '',
    `    ${benchCommand(run.options)}`,
    '',
    ...HOW_TO_READ,
    '',
    run.table,
    '',
    ...run.targets.map((line) => `- ${line}`),
    END,
  ].join('\n');
}
