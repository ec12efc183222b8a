import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INLINE_MAX_SIZE, RequestParser, type ParseResult } from '../../lib/server/RequestParser.js';

const LIMITS = { maxBulkLength: 512 * 1024 * 1024, unauthenticated: () => false };

/** Feeds the pieces in order and collects commands (as latin1 strings) and the error, if any. */
function parsePieces(pieces: readonly Buffer[], limits = LIMITS): { commands: string[][]; error?: string } {
  const parser = new RequestParser(limits);
  const commands: string[][] = [];
  for (const piece of pieces) {
    parser.push(piece);
    for (let result: ParseResult = parser.next(); result !== undefined; result = parser.next()) {
      if (!Array.isArray(result)) return { commands, error: result.protocolError };
      commands.push(result);
    }
  }
  return { commands };
}

function multibulk(...argv: string[]): string {
  return `*${argv.length}\r\n${argv.map((argument) => `$${Buffer.byteLength(argument, 'latin1')}\r\n${argument}\r\n`).join('')}`;
}

const PIPELINE = Buffer.from(
  multibulk('SET', 'key', 'value') + 'PING\r\n' + multibulk('ECHO', '\x00\xff\r\n') + '*0\r\n' + '\r\n' + "ECHO \"a b\" 'c\\'d'\n" + multibulk('GET', ''),
  'latin1',
);
const EXPECTED = [['SET', 'key', 'value'], ['PING'], ['ECHO', '\x00\xff\r\n'], ['ECHO', 'a b', "c'd"], ['GET', '']];

describe('RequestParser', () => {
  it('parses a pipeline of multibulk and inline commands fed whole', () => {
    expect(parsePieces([PIPELINE])).toEqual({ commands: EXPECTED });
  });

  it('gives the same commands fed byte by byte', () => {
    const bytes = [...PIPELINE].map((byte) => Buffer.of(byte));
    expect(parsePieces(bytes)).toEqual({ commands: EXPECTED });
  });

  it('gives the same commands split at every boundary (two pieces and three pieces)', () => {
    for (let first = 0; first <= PIPELINE.length; first++) {
      expect(parsePieces([PIPELINE.subarray(0, first), PIPELINE.subarray(first)])).toEqual({ commands: EXPECTED });
      const second = Math.min(PIPELINE.length, first + 7);
      expect(parsePieces([PIPELINE.subarray(0, first), PIPELINE.subarray(first, second), PIPELINE.subarray(second)])).toEqual({ commands: EXPECTED });
    }
  });

  it('agrees on random splits of random commands (property, seeded)', () => {
    const argument = fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes).toString('latin1'));
    fc.assert(
      fc.property(fc.array(fc.array(argument, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 10 }), (commands, cuts) => {
        const bytes = Buffer.from(commands.map((argv) => multibulk(...argv)).join(''), 'latin1');
        const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
        const pieces = [0, ...points].map((start, index) => bytes.subarray(start, [...points, bytes.length][index]));
        expect(parsePieces(pieces)).toEqual({ commands });
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('copies a large bulk once it is complete, whatever the chunking', () => {
    const value = 'x'.repeat(200_000);
    const bytes = Buffer.from(multibulk('SET', 'big', value));
    const pieces = Array.from({ length: Math.ceil(bytes.length / 1000) }, (_, index) => bytes.subarray(index * 1000, (index + 1) * 1000));
    const parser = new RequestParser(LIMITS);
    let result: ParseResult;
    for (const piece of pieces) {
      parser.push(piece);
      result = parser.next() ?? result!;
    }
    expect((result! as string[])[2]!.length).toBe(200_000);
    expect(parser.bufferedBytes).toBe(0);
  });

  it.each([
    ['*abc\r\n', 'invalid multibulk length'],
    ['*3000000000\r\n', 'invalid multibulk length'],
    ['*99999999999999999999\r\n', 'invalid multibulk length'],
    ['*01\r\n', 'invalid multibulk length'],
    ['*1\r\nfoo\r\n', "expected '$', got 'f'"],
    ['*1\r\n$-1\r\n', 'invalid bulk length'],
    ['*1\r\n$x\r\n', 'invalid bulk length'],
    ['*1\r\n$536870913\r\n', 'invalid bulk length'],
    ['SET "a\r\n', 'unbalanced quotes in request'],
    ['SET "a"b\r\n', 'unbalanced quotes in request'],
  ])('answers %j with Redis’s protocol error', (input, error) => {
    expect(parsePieces([Buffer.from(input, 'latin1')]).error).toBe(error);
  });

  it('rejects over-long lines without a line end, as Redis’s 64 KB inline limit', () => {
    expect(parsePieces([Buffer.alloc(INLINE_MAX_SIZE + 1, 'a')]).error).toBe('too big inline request');
    expect(parsePieces([Buffer.from(`*${'1'.repeat(INLINE_MAX_SIZE + 1)}`)]).error).toBe('too big mbulk count string');
    expect(parsePieces([Buffer.from(`*1\r\n$${'1'.repeat(INLINE_MAX_SIZE + 1)}`)]).error).toBe('too big bulk count string');
    expect(parsePieces([Buffer.alloc(INLINE_MAX_SIZE, 'a')]).error).toBeUndefined();
  });

  it('does not see a line end behind a NUL, in a short header or a long inline line, as Redis’s strchr', () => {
    expect(parsePieces([Buffer.from('*1\x00\r\n$4\r\nPING\r\n', 'latin1')])).toEqual({ commands: [] });
    expect(parsePieces([Buffer.from(`ECHO ${'a'.repeat(40)}\x00b\r\nPING\r\n`, 'latin1')])).toEqual({ commands: [] });
    expect(parsePieces([Buffer.from(`ECHO ${'a'.repeat(40)}\r\nPING\r\n`, 'latin1')])).toEqual({ commands: [['ECHO', 'a'.repeat(40)], ['PING']] });
  });

  it('parses commands of every size around the presized-array bound (1024 arguments), whole and byte by byte', () => {
    for (const count of [1, 3, 1023, 1024, 1025, 3000]) {
      const argv = Array.from({ length: count }, (_, index) => `a${index}`);
      const bytes = Buffer.from(multibulk(...argv) + multibulk('PING'));
      expect(parsePieces([bytes])).toEqual({ commands: [argv, ['PING']] });
      if (count < 2000) expect(parsePieces([...bytes].map((byte) => Buffer.of(byte)))).toEqual({ commands: [argv, ['PING']] });
    }
  });

  it('treats *0 and *-1 as empty commands, and a blank inline line as nothing', () => {
    expect(parsePieces([Buffer.from('*0\r\n*-1\r\n\r\n\n   \r\nPING\r\n')])).toEqual({ commands: [['PING']] });
  });

  it('caps counts and bulks of unauthenticated clients as Redis does', () => {
    const unauthenticated = { maxBulkLength: 1 << 29, unauthenticated: () => true };
    expect(parsePieces([Buffer.from('*11\r\n')], unauthenticated).error).toBe('unauthenticated multibulk length');
    expect(parsePieces([Buffer.from('*1\r\n$16385\r\n')], unauthenticated).error).toBe('unauthenticated bulk length');
    expect(parsePieces([Buffer.from(multibulk('AUTH', 'secret'))], unauthenticated)).toEqual({ commands: [['AUTH', 'secret']] });
  });

  it('honours proto-max-bulk-len', () => {
    const limits = { maxBulkLength: 10, unauthenticated: () => false };
    expect(parsePieces([Buffer.from('*1\r\n$11\r\n')], limits).error).toBe('invalid bulk length');
    expect(parsePieces([Buffer.from(multibulk('0123456789'))], limits)).toEqual({ commands: [['0123456789']] });
  });
});
