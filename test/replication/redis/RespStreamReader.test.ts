import { describe, expect, it } from 'vitest';
import { encodeCommand } from '../../../lib/replication/redis/encodeCommand.js';
import { RespStreamReader, type RespItem } from '../../../lib/replication/redis/RespStreamReader.js';

/** A handshake reply, a payload preamble, keep-alives and commands (binary and empty arguments). */
const STREAM = Buffer.concat([
  Buffer.from('+FULLRESYNC 0123456789012345678901234567890123456789 42\r\n\n$EOF:x\r\n-ERR no\r\n:12\r\n\r\n'),
  encodeCommand(['SELECT', '3']),
  encodeCommand(['SET', Buffer.from([0, 13, 10, 255]), '']),
  encodeCommand(['PING']),
]);

function describeItems(items: RespItem[]): string[] {
  return items.map((item) =>
    item.kind === 'command'
      ? `cmd:${item.argv.map((argument) => argument.toString('hex')).join(',')}:${item.bytes}`
      : item.kind === 'line'
        ? `line:${item.type}${item.text}:${item.bytes}`
        : `nl:${item.bytes}`,
  );
}

function readAll(reader: RespStreamReader): RespItem[] {
  const items: RespItem[] = [];
  for (let item = reader.next(); item !== undefined; item = reader.next()) items.push(item);
  return items;
}

describe('RespStreamReader', () => {
  const whole = (() => {
    const reader = new RespStreamReader();
    reader.push(STREAM);
    return describeItems(readAll(reader));
  })();

  it('reads lines, keep-alives and commands with the bytes each took (they add up to the input)', () => {
    expect(whole).toEqual([
      'line:+FULLRESYNC 0123456789012345678901234567890123456789 42:57',
      'nl:1',
      'line:$EOF:x:8',
      'line:-ERR no:9',
      'line::12:5',
      'nl:2',
      `cmd:${Buffer.from('SELECT').toString('hex')},33:${encodeCommand(['SELECT', '3']).length}`,
      `cmd:${Buffer.from('SET').toString('hex')},000d0aff,:${encodeCommand(['SET', Buffer.from([0, 13, 10, 255]), '']).length}`,
      `cmd:${Buffer.from('PING').toString('hex')}:14`,
    ]);
    expect(whole.reduce((total, item) => total + Number(item.slice(item.lastIndexOf(':') + 1)), 0)).toBe(STREAM.length);
  });

  it('gives the same items fed byte by byte and split at every boundary', () => {
    const reader = new RespStreamReader();
    const items: RespItem[] = [];
    for (const byte of STREAM) {
      reader.push(Buffer.of(byte));
      items.push(...readAll(reader));
    }
    expect(describeItems(items)).toEqual(whole);
    for (let split = 1; split < STREAM.length; split++) {
      const splitReader = new RespStreamReader();
      splitReader.push(STREAM.subarray(0, split));
      const parts = readAll(splitReader);
      splitReader.push(STREAM.subarray(split));
      parts.push(...readAll(splitReader));
      expect(describeItems(parts), `split at ${split}`).toEqual(whole);
    }
  });

  it('hands over the unparsed rest (the payload after its preamble)', () => {
    const reader = new RespStreamReader();
    reader.push(Buffer.from('$EOF:x\r\nREDIS0009'));
    expect(reader.next()).toMatchObject({ kind: 'line', type: '$', text: 'EOF:x' });
    expect(reader.takeRest().toString()).toBe('REDIS0009');
    expect(reader.bufferedBytes).toBe(0);
  });

  it.each([
    ['a bad type byte', '?what\r\n'],
    ['a negative multibulk length', '*-1\r\n'],
    ['a bulk length out of range', '*1\r\n$99999999999\r\n'],
    ['a bulk without its CRLF', '*1\r\n$1\r\nab\r\n'],
    ['an argument that is not a bulk', '*1\r\n:1\r\n'],
    ['an empty command', '*0\r\n'],
  ])('refuses %s with FORKLESS_ERR_PROTOCOL', (_name, input) => {
    const reader = new RespStreamReader();
    reader.push(Buffer.from(input));
    expect(() => reader.next()).toThrow(expect.objectContaining({ code: 'FORKLESS_ERR_PROTOCOL' }));
  });
});
