import { parseArgs } from 'node:util';

/** The demo's flags, with defaults that finish in well under a minute on 2 cores. */
export interface DemoOptions {
  keys: number;
  seed: number;
  writesPerSecond: number;
  port: number;
  databases: number;
  valueSize: number;
}

/** Reads `--keys N --seed N --writes-per-second N --port N` from argv (positionals are returned too). */
export function readDemoOptions(argv: string[]): { options: DemoOptions; positionals: string[] } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      keys: { type: 'string', default: '300000' },
      seed: { type: 'string', default: '1' },
      'writes-per-second': { type: 'string', default: '5000' },
      port: { type: 'string', default: '0' },
    },
  });
  const number = (name: string, text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer, got ${text}`);
    return value;
  };
  return {
    options: {
      keys: number('keys', values.keys),
      seed: number('seed', values.seed),
      writesPerSecond: number('writes-per-second', values['writes-per-second']),
      port: number('port', values.port),
      databases: 4,
      valueSize: 100,
    },
    positionals,
  };
}
