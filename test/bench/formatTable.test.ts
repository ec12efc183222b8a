import { describe, expect, it } from 'vitest';
import { compared, formatNumber, plain } from './BenchRow.js';
import { formatTable } from './formatTable.js';
import { replaceBenchSection } from './updateReadme.js';

describe('formatNumber', () => {
  it.each([
    [0, '0'],
    [42, '42'],
    [0.8391, '0.839'],
    [12.34, '12.3'],
    [512.6, '513'],
    [20_000, '20.0k'],
    [3_950_000, '3.95M'],
  ])('%d → %s', (value, text) => expect(formatNumber(value)).toBe(text));
});

describe('formatTable', () => {
  it('prints one aligned Markdown row per figure, with the same-run baseline and the ratio', () => {
    const table = formatTable([compared('snapshot', 'keys/s', 800_000, 'keys/s', 'raw encode+write', 400_000), plain('snapshot', 'file size', 118, 'MB')]);
    const lines = table.split('\n');
    expect(lines).toHaveLength(4);
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
    expect(lines[2]).toMatch(/\| snapshot +\| keys\/s +\| 800k keys\/s +\| raw encode\+write \(400k keys\/s\) +\| 2\.00× +\|/);
    expect(lines[3]).toMatch(/\| 118 MB +\| +\| +\|$/);
  });
});

describe('replaceBenchSection', () => {
  const section = '<!-- bench:start -->\nnew\n<!-- bench:end -->';

  it('replaces only what lies between the markers', () => {
    const text = '# Title\n<!-- bench:start -->\nold\ntable\n<!-- bench:end -->\n## Errors\n';
    expect(replaceBenchSection(text, section)).toBe('# Title\n<!-- bench:start -->\nnew\n<!-- bench:end -->\n## Errors\n');
  });

  it('appends the markers at the end when they are missing', () => {
    expect(replaceBenchSection('# Title\n\n', section)).toBe(`# Title\n\n${section}\n`);
  });
});
