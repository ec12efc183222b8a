/** The knobs of one benchmark run, from the command line. */
export interface BenchOptions {
  /** Keys of the string dataset. */
  readonly keys: number;
  /** Bytes per string value. */
  readonly valueSize: number;
  /** Commands per second of the concurrent writer. */
  readonly writeRate: number;
  /** Seed of every random choice (data and writer). */
  readonly seed: number;
  /** Sections to run, in order. */
  readonly sections: readonly SectionName[];
  /** Short phases for development: numbers are noisier. */
  readonly quick: boolean;
  /** Rewrite the README's bench section with this run's table. */
  readonly writeReadme: boolean;
  /** How long each foreground phase without background work lasts, ms. */
  readonly idleMs: number;
}

/** Every section, in the order a full run executes them. */
export const SECTION_NAMES = ['iteration', 'snapshot', 'fullsync', 'foreground', 'redis', 'server', 'cluster', 'psync', 'interop'] as const;

/** The name of a benchmark section. */
export type SectionName = (typeof SECTION_NAMES)[number];

/** Sections whose measurements another section reports (snapshot and full-sync figures). */
const DEPENDENCIES: Partial<Record<SectionName, readonly SectionName[]>> = {
  foreground: ['snapshot', 'fullsync'],
  redis: ['snapshot', 'fullsync'],
};

const VALUE_FLAGS = ['--keys', '--value-size', '--write-rate', '--seed', '--only'];
const SWITCHES = ['--quick', '--write-readme'];

const USAGE = `usage: npm run bench -- [--keys N] [--value-size BYTES] [--write-rate OPS] [--seed N]
                      [--only ${SECTION_NAMES.join(',')}] [--quick] [--write-readme]`;

/**
 * Parses bench flags (`--keys 1000000 --value-size 100 --write-rate 20000 --seed 1 --only a,b
 * --quick`). `--quick` lowers the default key count to 100 000 and shortens phases.
 *
 * @example
 * ```ts
 * parseBenchOptions(['--quick', '--only', 'snapshot']).keys; // 100000
 * ```
 */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const flags = new Map<string, string | true>();
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index]!;
    if (!flag.startsWith('--')) throw new Error(`unexpected argument ${flag}\n${USAGE}`);
    const takesValue = VALUE_FLAGS.includes(flag);
    if (!takesValue && !SWITCHES.includes(flag)) throw new Error(`unknown flag ${flag}\n${USAGE}`);
    const next = argv[index + 1];
    if (takesValue && next === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
    flags.set(flag, takesValue ? next! : true);
    if (takesValue) index++;
  }
  const quick = flags.get('--quick') === true;
  return {
    keys: positiveInteger(flags, '--keys', quick ? 100_000 : 1_000_000),
    valueSize: positiveInteger(flags, '--value-size', 100),
    writeRate: positiveInteger(flags, '--write-rate', 20_000),
    seed: positiveInteger(flags, '--seed', 1),
    sections: selectedSections(flags.get('--only')),
    quick,
    writeReadme: flags.get('--write-readme') === true,
    idleMs: quick ? 500 : 2000,
  };
}

function positiveInteger(flags: Map<string, string | true>, flag: string, fallback: number): number {
  const text = flags.get(flag);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${flag} must be a positive integer, got ${String(text)}`);
  return value;
}

function selectedSections(only: string | true | undefined): SectionName[] {
  if (only === undefined) return [...SECTION_NAMES];
  const asked = String(only)
    .split(',')
    .map((name) => name.trim());
  for (const name of asked) {
    if (!(SECTION_NAMES as readonly string[]).includes(name)) throw new Error(`unknown section ${name}; sections: ${SECTION_NAMES.join(', ')}`);
  }
  const wanted = new Set(asked.flatMap((name) => [...(DEPENDENCIES[name as SectionName] ?? []), name]));
  return SECTION_NAMES.filter((name) => wanted.has(name));
}
