import { describe, expect, it } from 'vitest';
import { ReplyError } from '../../lib/keyspace/ReplyError.js';
import { ReplyWriter, type Protocol } from '../../lib/server/ReplyWriter.js';
import { writeReply } from '../../lib/server/writeReply.js';
import type { Reply, ReplyShape } from '../../lib/keyspace/commandTable.js';

function encode(protocol: Protocol, reply: Reply, shape: ReplyShape): string {
  const writer = new ReplyWriter();
  writer.protocol = protocol;
  writeReply(writer, reply, shape);
  return writer.take()?.toString('latin1') ?? '';
}

describe('writeReply: keyspace replies typed by their shape', () => {
  it.each<[string, Reply, ReplyShape, string, string]>([
    ['status', 'OK', 'status', '+OK\r\n', '+OK\r\n'],
    ['bulk with binary bytes', '\x00\xff', 'bulk', '$2\r\n\x00\xff\r\n', '$2\r\n\x00\xff\r\n'],
    ['null bulk', null, 'bulk', '$-1\r\n', '_\r\n'],
    ['null array', null, 'array', '*-1\r\n', '_\r\n'],
    ['double', '1.5', 'double', '$3\r\n1.5\r\n', ',1.5\r\n'],
    ['doubles with a nil', ['1', null], 'double', '*2\r\n$1\r\n1\r\n$-1\r\n', '*2\r\n,1\r\n_\r\n'],
    ['map', ['f', 'v'], 'map', '*2\r\n$1\r\nf\r\n$1\r\nv\r\n', '%1\r\n$1\r\nf\r\n$1\r\nv\r\n'],
    ['set', ['m'], 'set', '*1\r\n$1\r\nm\r\n', '~1\r\n$1\r\nm\r\n'],
    ['scored pairs', ['a', '1', 'b', 'inf'], 'scoredPairs', '*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$3\r\ninf\r\n', '*2\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,inf\r\n'],
    ['scored pair', ['a', '2'], 'scoredPair', '*2\r\n$1\r\na\r\n$1\r\n2\r\n', '*2\r\n$1\r\na\r\n,2\r\n'],
    ['pairs', ['f', 'v'], 'pairs', '*2\r\n$1\r\nf\r\n$1\r\nv\r\n', '*1\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n'],
    ['keyed score (BZPOPMIN)', ['z', 'm', '1'], 'keyedScore', '*3\r\n$1\r\nz\r\n$1\r\nm\r\n$1\r\n1\r\n', '*3\r\n$1\r\nz\r\n$1\r\nm\r\n,1\r\n'],
    [
      'keyed scored pairs (ZMPOP)',
      ['z', [['m', '1']]],
      'keyedScoredPairs',
      '*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\nm\r\n$1\r\n1\r\n',
      '*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\nm\r\n,1\r\n',
    ],
    ['null of a keyed shape', null, 'keyedScore', '*-1\r\n', '_\r\n'],
    ['errors inside EXEC replies', [1, new ReplyError('ERR bad\r\nline')], 'bulk', '*2\r\n:1\r\n-ERR bad  line\r\n', '*2\r\n:1\r\n-ERR bad  line\r\n'],
  ])('%s', (_, reply, shape, resp2, resp3) => {
    expect(encode(2, reply, shape)).toBe(resp2);
    expect(encode(3, reply, shape)).toBe(resp3);
  });

  it('copies every byte value exactly into short and long bulks, simple strings and integers', () => {
    const writer = new ReplyWriter();
    let expected = '';
    for (let length = 0; length <= 40; length++) {
      const bytes = Array.from({ length }, (_, index) => String.fromCharCode((length * 37 + index * 101) % 256)).join('');
      writer.bulk(bytes);
      writer.integer(-length * 1001);
      writer.simple(bytes.replace(/[\r\n]/g, ''));
      expected += `$${length}\r\n${bytes}\r\n:${-length * 1001}\r\n+${bytes.replace(/[\r\n]/g, '')}\r\n`;
    }
    expect(writer.take()!.equals(Buffer.from(expected, 'latin1'))).toBe(true);
  });

  it('encodes verbatim text and pushes per protocol, and grows past its initial buffer', () => {
    const writer = new ReplyWriter();
    writer.verbatim('a:1\r\n');
    writer.pushHeader(1);
    expect(writer.take()!.toString()).toBe('$5\r\na:1\r\n\r\n*1\r\n');
    writer.protocol = 3;
    writer.verbatim('a:1\r\n');
    writer.pushHeader(1);
    expect(writer.take()!.toString()).toBe('=9\r\ntxt:a:1\r\n\r\n>1\r\n');
    writer.bulk('x'.repeat(100_000));
    expect(writer.take()!.length).toBe('$100000\r\n'.length + 100_000 + 2);
    expect(writer.take()).toBeUndefined();
  });
});
