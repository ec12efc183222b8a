import { describe, expect, it } from 'vitest';
import { createDumpPayload } from '../../lib/keyspace/dump/dumpPayload.js';
import { crc64 } from '../../lib/keyspace/dump/crc64.js';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import type { ReplicationRecord } from '../../lib/keyspace/KeyspaceListener.js';

const NOW = 1_700_000_000_000;

function setup(): { ks: Keyspace; records: ReplicationRecord[] } {
  const ks = new Keyspace({ clock: () => NOW });
  const records: ReplicationRecord[] = [];
  ks.replication$.subscribe((record) => records.push(record));
  return { ks, records };
}

const text = (argv: readonly (string | Uint8Array)[]) => argv.map((argument) => (typeof argument === 'string' ? argument : Buffer.from(argument).toString('latin1')));
const errorOf = (run: () => unknown) => {
  try {
    run();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
};

/** A payload with a valid checksum around arbitrary value bytes and version. */
function rawPayload(body: Buffer, version = 9): Buffer {
  const withVersion = Buffer.concat([body, Buffer.from([version & 0xff, version >> 8])]);
  const crc = Buffer.alloc(8);
  crc.writeBigUInt64LE(crc64(withVersion));
  return Buffer.concat([withVersion, crc]);
}

describe('DUMP and RESTORE', () => {
  it('DUMP gives nil for a missing key and a payload that RESTOREs to the same value and type', () => {
    const { ks } = setup();
    expect(ks.execute(['DUMP', 'missing'])).toBeNull();
    ks.execute(['ZADD', 'z', '1.5', 'a', '-inf', 'b']);
    const payload = Buffer.from(ks.execute(['DUMP', 'z'], { encoding: 'binary' }) as string, 'latin1');
    expect(payload).toEqual(createDumpPayload('zset', ks.databases[0]!.value('z')!));
    expect(ks.execute(['RESTORE', 'copy', '0', payload])).toBe('OK');
    expect(ks.execute(['ZRANGE', 'copy', '0', '-1', 'WITHSCORES'])).toEqual(['b', '-inf', 'a', '1.5']);
  });

  it("answers with Redis 7.0's error texts, in its order of checks", () => {
    const { ks } = setup();
    const payload = createDumpPayload('string', 'v');
    ks.execute(['SET', 'taken', 'x']);
    expect(errorOf(() => ks.execute(['RESTORE', 'taken', '0', payload]))).toBe('BUSYKEY Target key name already exists.');
    expect(errorOf(() => ks.execute(['RESTORE', 'taken', 'x', payload, 'BOGUS']))).toBe('ERR syntax error');
    expect(errorOf(() => ks.execute(['RESTORE', 'k', 'x', payload]))).toBe('ERR value is not an integer or out of range');
    expect(errorOf(() => ks.execute(['RESTORE', 'k', '-1', payload]))).toBe('ERR Invalid TTL value, must be >= 0');
    expect(errorOf(() => ks.execute(['RESTORE', 'k', '0', payload, 'IDLETIME', '-1']))).toBe('ERR Invalid IDLETIME value, must be >= 0');
    expect(errorOf(() => ks.execute(['RESTORE', 'k', '0', payload, 'FREQ', '256']))).toBe('ERR Invalid FREQ value, must be >= 0 and <= 255');
    expect(errorOf(() => ks.execute(['RESTORE', 'k', '0', payload, 'FREQ', '1', 'IDLETIME', '1']))).toBe('ERR syntax error');
    expect(errorOf(() => ks.execute(['RESTORE', 'k', '0', payload, 'IDLETIME']))).toBe('ERR syntax error');
    expect(errorOf(() => ks.execute(['RESTORE', 'k', '0', 'short']))).toBe('ERR DUMP payload version or checksum are wrong');
    expect(errorOf(() => ks.execute(['RESTORE', 'k', '0', rawPayload(Buffer.from([0, 1, 0x61]), 11)]))).toBe('ERR DUMP payload version or checksum are wrong');
    expect(errorOf(() => ks.execute(['RESTORE', 'k', '0', rawPayload(Buffer.from([15, 0]))]))).toBe('ERR Bad data format');
    expect(errorOf(() => ks.execute(['RESTORE', 'k', '0', rawPayload(Buffer.from([1, 0]))]))).toBe('ERR Bad data format');
    expect(errorOf(() => ks.execute(['RESTORE', 'k', '0', rawPayload(Buffer.from([0, 5, 0x61]))]))).toBe('ERR Bad data format');
    expect(ks.execute(['RESTORE', 'k', '0', payload, 'IDLETIME', '10', 'REPLACE'])).toBe('OK');
    expect(ks.execute(['RESTORE', 'k2', '0', payload, 'FREQ', '255'])).toBe('OK');
    expect(ks.dbsize()).toBe(3);
  });

  it('propagates a relative TTL as an absolute one with ABSTTL appended, other forms as given', () => {
    const { ks, records } = setup();
    const payload = createDumpPayload('string', 'v');
    ks.execute(['RESTORE', 'rel', '5000', payload, 'REPLACE']);
    ks.execute(['RESTORE', 'abs', String(NOW + 9000), payload, 'ABSTTL']);
    ks.execute(['RESTORE', 'none', '0', payload]);
    expect(records.map(({ argv }) => text(argv))).toEqual([
      ['RESTORE', 'rel', String(NOW + 5000), payload.toString('latin1'), 'REPLACE', 'ABSTTL'],
      ['RESTORE', 'abs', String(NOW + 9000), payload.toString('latin1'), 'ABSTTL'],
      ['RESTORE', 'none', '0', payload.toString('latin1')],
    ]);
    expect(ks.execute(['PTTL', 'rel'])).toBe(5000);
    expect(ks.execute(['PEXPIRETIME', 'abs'])).toBe(NOW + 9000);
  });

  it('does not create a key that arrives expired; with REPLACE it deletes the old one and propagates DEL', () => {
    const { ks, records } = setup();
    const payload = createDumpPayload('string', 'v');
    expect(ks.execute(['RESTORE', 'gone', '1000', payload, 'ABSTTL'])).toBe('OK');
    expect(records).toEqual([]);
    ks.execute(['SET', 'old', 'x']);
    expect(ks.execute(['RESTORE', 'old', '1000', payload, 'ABSTTL', 'REPLACE'])).toBe('OK');
    expect(ks.execute(['EXISTS', 'gone', 'old'])).toBe(0);
    expect(records.map(({ argv }) => text(argv))).toEqual([
      ['SET', 'old', 'x'],
      ['DEL', 'old'],
    ]);
  });

  it('on a replica applying its leader, keeps a key whose TTL already passed (the leader decides)', () => {
    const replica = new Keyspace({ replica: true, clock: () => NOW });
    replica.execute(['RESTORE', 'k', '1000', createDumpPayload('string', 'v'), 'ABSTTL'], { replicated: true });
    expect(replica.dbsize()).toBe(1);
  });
});
