import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lastValueFrom, of, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { bgIteration } from '../../lib/iteration/bgIteration.js';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { RdbDecoder } from '../../lib/rdb/RdbDecoder.js';
import { rdbChunks } from '../../lib/rdb/rdbChunks.js';
import { checkRdb, populateKeyspace, temporaryDirectory } from './support/rdbFixtures.js';

describe('rdbChunks', () => {
  it('turns a consistent iteration into an RDB stream that redis-check-rdb accepts and that decodes to the same keys, with writes meanwhile', async () => {
    const keyspace = new Keyspace();
    populateKeyspace(keyspace);
    const expected = new Keyspace();
    populateKeyspace(expected);
    const header = { createdAt: 1_700_000_000_000, replicationId: 'f'.repeat(40), replicationOffset: keyspace.offset };
    const chunks$ = bgIteration(keyspace, { consistent: true, replication: false, batchSize: 2 }).pipe(
      rdbChunks(header, (db) => ({ keys: keyspace.dbsize(db), expires: 0 })),
      toArray(),
    );
    const pending = lastValueFrom(chunks$);
    keyspace.execute(['SET', 'str', 'changed after T0']);
    keyspace.execute(['DEL', 'big-list']);
    const bytes = Buffer.concat(await pending);
    const { directory, cleanup } = await temporaryDirectory();
    try {
      await writeFile(join(directory, 'stream.rdb'), bytes);
      await checkRdb(join(directory, 'stream.rdb'));
    } finally {
      await cleanup();
    }
    const decoder = new RdbDecoder();
    const loaded = new Keyspace();
    for (const part of [...decoder.push(bytes), ...decoder.end()])
      if (part.kind === 'key') loaded.adopt(part.entry.db, part.entry.key, part.entry.type, part.entry.value, part.entry.expiresAt);
    expect(loaded.digest()).toBe(expected.digest());
  });

  it('fails with FORKLESS_ERR_ITERATION_CLOSED when the items end without complete', async () => {
    const chunks$ = of({ kind: 'entry' as const, db: 0, key: 'k', type: 'string' as const, value: 'v', expiresAt: null }).pipe(
      rdbChunks({ createdAt: 0, replicationId: 'x'.repeat(40), replicationOffset: 0 }),
    );
    await expect(lastValueFrom(chunks$)).rejects.toMatchObject({ code: 'FORKLESS_ERR_ITERATION_CLOSED' });
  });
});
