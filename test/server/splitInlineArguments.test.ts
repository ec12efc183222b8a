import { describe, expect, it } from 'vitest';
import { splitInlineArguments } from '../../lib/server/splitInlineArguments.js';

const split = (line: string) => splitInlineArguments(Buffer.from(line, 'latin1'));

describe('splitInlineArguments (sdssplitargs)', () => {
  it('splits on whitespace and understands both quote styles', () => {
    expect(split('  SET  k\tv ')).toEqual(['SET', 'k', 'v']);
    expect(split('"a\\nb\\x41\\"" \'it\\\'s\' "" x"y z"')).toEqual(['a\nbA"', "it's", '', 'xy z']);
    expect(split("'a\\nb'")).toEqual(['a\\nb']);
  });

  it('is undefined for unbalanced quotes or a closing quote not followed by a space', () => {
    expect(split('"abc')).toBeUndefined();
    expect(split("'abc")).toBeUndefined();
    expect(split('"a"b')).toBeUndefined();
  });

  it('reads an empty line as no arguments', () => {
    expect(split('')).toEqual([]);
    expect(split('   ')).toEqual([]);
  });
});
