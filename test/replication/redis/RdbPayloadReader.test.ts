import { describe, expect, it } from 'vitest';
import { bgIteration } from '../../../lib/iteration/bgIteration.js';
import { Keyspace } from '../../../lib/keyspace/Keyspace.js';
import { rdbChunks } from '../../../lib/rdb/rdbChunks.js';
import { RdbPayloadReader } from '../../../lib/replication/redis/RdbPayloadReader.js';
import { encodeCommand } from '../../../lib/replication/redis/encodeCommand.js';
import { lastValueFrom, toArray } from 'rxjs';
import { dumpKeyspace } from '../../support/dumpKeyspace.js';

const MARK = 'ab'.repeat(20);

async function rdbOf(keyspace: Keyspace): Promise<Buffer> {
  const chunks = await lastValueFrom(
    bgIteration(keyspace, { consistent: true, replication: false }).pipe(rdbChunks({ createdAt: 0, replicationId: MARK, replicationOffset: 0 }), toArray()),
  );
  return Buffer.concat(chunks);
}

function source(): Keyspace {
  const keyspace = new Keyspace({ clock: () => 1000 });
  keyspace.execute(['SET', 's', 'v', 'PX', '1']); // expired by the time it loads: still loaded
  keyspace.execute(['RPUSH', 'l', 'a', 'b']);
  keyspace.execute(['HSET', 'h', 'f', 'v'], { db: 3 });
  keyspace.execute(['ZADD', 'z', '1.5', 'm']);
  keyspace.execute(['SADD', 'set', 'x']);
  return keyspace;
}

describe('RdbPayloadReader', () => {
  it.each(['eof', 'length'] as const)('loads a %s-framed payload split at every boundary and returns the stream after it', async (form) => {
    const leader = source();
    const rdb = await rdbOf(leader);
    const after = encodeCommand(['PING']);
    const preamble = form === 'eof' ? `EOF:${MARK}` : String(rdb.length);
    const payload = Buffer.concat(form === 'eof' ? [rdb, Buffer.from(MARK), after] : [rdb, after]);
    for (let split = 0; split <= payload.length; split += 7) {
      const target = new Keyspace({ clock: () => 5000 });
      const reader = new RdbPayloadReader(preamble, target);
      const first = reader.push(payload.subarray(0, split));
      const rest = first ?? reader.push(payload.subarray(split));
      const tail = first === null ? rest : Buffer.concat([first, payload.subarray(split)]);
      expect(tail?.toString(), `split at ${split}`).toBe(after.toString());
      expect(dumpKeyspace(target), `split at ${split}`).toEqual(dumpKeyspace(leader));
      expect(reader.keysLoaded).toBe(5);
    }
  });

  it('refuses a payload not followed by its mark, and a bad preamble', async () => {
    const rdb = await rdbOf(source());
    const reader = new RdbPayloadReader(`EOF:${MARK}`, new Keyspace());
    expect(() => reader.push(Buffer.concat([rdb, Buffer.from('x'.repeat(40))]))).toThrow(expect.objectContaining({ code: 'FORKLESS_ERR_PROTOCOL' }));
    expect(() => new RdbPayloadReader('EOF:short', new Keyspace())).toThrow(expect.objectContaining({ code: 'FORKLESS_ERR_PROTOCOL' }));
    expect(() => new RdbPayloadReader('-5', new Keyspace())).toThrow(expect.objectContaining({ code: 'FORKLESS_ERR_PROTOCOL' }));
  });
});
