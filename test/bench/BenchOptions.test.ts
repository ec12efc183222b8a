import { describe, expect, it } from 'vitest';
import { parseBenchOptions } from './BenchOptions.js';

describe('parseBenchOptions', () => {
  it('defaults to the issue sizes: 1M keys × 100 B, every section', () => {
    const options = parseBenchOptions([]);
    expect(options).toMatchObject({ keys: 1_000_000, valueSize: 100, seed: 1, quick: false, writeReadme: false });
    expect(options.sections).toEqual(['iteration', 'snapshot', 'fullsync', 'foreground', 'redis', 'server', 'cluster', 'psync', 'interop']);
  });

  it('--quick lowers the default key count and the phases, explicit --keys still wins', () => {
    expect(parseBenchOptions(['--quick'])).toMatchObject({ keys: 100_000, idleMs: 500 });
    expect(parseBenchOptions(['--quick', '--keys', '5000']).keys).toBe(5000);
  });

  it('reads every numeric flag', () => {
    const options = parseBenchOptions(['--keys', '10', '--value-size', '7', '--write-rate', '300', '--seed', '42']);
    expect(options).toMatchObject({ keys: 10, valueSize: 7, writeRate: 300, seed: 42 });
  });

  it('--only adds the sections whose figures the chosen ones report, in run order', () => {
    expect(parseBenchOptions(['--only', 'iteration']).sections).toEqual(['iteration']);
    expect(parseBenchOptions(['--only', 'redis']).sections).toEqual(['snapshot', 'fullsync', 'redis']);
    expect(parseBenchOptions(['--only', 'foreground,iteration']).sections).toEqual(['iteration', 'snapshot', 'fullsync', 'foreground']);
    expect(parseBenchOptions(['--only', 'server']).sections).toEqual(['server']);
    expect(parseBenchOptions(['--only', 'interop']).sections).toEqual(['interop']);
  });

  it.each([
    [['--keys', '0'], /--keys must be a positive integer/],
    [['--keys', '1.5'], /--keys must be a positive integer/],
    [['--seed'], /--seed needs a value/],
    [['--only', 'disk'], /unknown section disk/],
    [['--fast'], /unknown flag --fast/],
    [['snapshot'], /unexpected argument snapshot/],
  ])('rejects %j with a usage message', (argv, message) => {
    expect(() => parseBenchOptions(argv)).toThrow(message);
  });
});
