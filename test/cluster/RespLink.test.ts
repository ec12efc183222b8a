import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RespLink } from '../../lib/cluster/RespLink.js';
import { RespReplyParser } from '../../lib/cluster/RespReplyParser.js';
import { ReplyError } from '../../lib/keyspace/ReplyError.js';
import { startRedisServer, type RedisServer } from '../support/redisServer.js';

const STREAM = '+OK\r\n-ERR bad\r\n:-42\r\n$4\r\na\r\nb\r\n$-1\r\n*3\r\n:1\r\n*0\r\n$0\r\n\r\n*-1\r\n$2\r\n\xff\x00\r\n';
const EXPECTED = ['OK', new ReplyError('ERR bad'), -42, 'a\r\nb', null, [1, [], ''], null, '\xff\x00'];

function decodeAll(parts: Buffer[]): unknown[] {
  const parser = new RespReplyParser();
  const replies: unknown[] = [];
  for (const part of parts) {
    parser.push(part);
    for (let reply = parser.next(); reply !== undefined; reply = parser.next()) replies.push(reply);
  }
  return replies;
}

describe('RespReplyParser', () => {
  const bytes = Buffer.from(STREAM, 'latin1');

  it('decodes every reply type whole, byte by byte and split at every boundary', () => {
    expect(decodeAll([bytes])).toEqual(EXPECTED);
    expect(decodeAll([...bytes].map((byte) => Buffer.from([byte])))).toEqual(EXPECTED);
    for (let cut = 1; cut < bytes.length; cut++) expect(decodeAll([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(EXPECTED);
  });

  it('rejects an unknown type byte with FORKLESS_ERR_PROTOCOL', () => {
    expect(() => decodeAll([Buffer.from('?x\r\n')])).toThrowError(expect.objectContaining({ code: 'FORKLESS_ERR_PROTOCOL' }));
  });
});

describe('RespLink against redis-server 7.0', () => {
  let redis: RedisServer;
  beforeAll(async () => void (redis = await startRedisServer()));
  afterAll(async () => await redis.stop());

  it('pipelines written commands in order, answers requests in order, counts unanswered commands', async () => {
    const link = await RespLink.connect({ host: '127.0.0.1', port: redis.port });
    for (let index = 0; index < 1000; index++) link.write(['RPUSH', 'list', String(index)]);
    expect(link.unanswered).toBe(1000);
    expect(await link.request(['LLEN', 'list'])).toBe(1000);
    expect(link.unanswered).toBe(0);
    expect(await link.request(['LRANGE', 'list', '998', '-1'])).toEqual(['998', '999']);
    link.close();
  });

  it('keeps call order across its 64 KiB batches of one turn and batches of later turns', async () => {
    const link = await RespLink.connect({ host: '127.0.0.1', port: redis.port });
    const value = (index: number) => `${index}:${'x'.repeat(60)}`;
    for (let index = 0; index < 3000; index++) link.write(['RPUSH', 'ordered', value(index)]); // ~230 KB in one turn
    await new Promise((resolve) => setImmediate(resolve));
    for (let index = 3000; index < 3010; index++) link.write(['RPUSH', 'ordered', value(index)]);
    expect(await link.request(['LRANGE', 'ordered', '0', '-1'])).toEqual(Array.from({ length: 3010 }, (_, index) => value(index)));
    link.close();
  });

  it('a failed written command breaks the link; a failed request only rejects', async () => {
    const link = await RespLink.connect({ host: '127.0.0.1', port: redis.port });
    await expect(link.request(['INCR', 'list'])).rejects.toThrow(/WRONGTYPE/);
    link.write(['INCR', 'list']);
    expect((await link.broken).message).toMatch(/WRONGTYPE/);
    await expect(link.request(['PING'])).rejects.toThrow(/WRONGTYPE/);
  });
});
