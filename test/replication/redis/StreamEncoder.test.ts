import { connect } from 'node:net';
import { VirtualTimeScheduler } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { Keyspace } from '../../../lib/keyspace/Keyspace.js';
import { encodeCommand } from '../../../lib/replication/redis/encodeCommand.js';
import { normalizeRedisLeaderOptions } from '../../../lib/replication/redis/RedisLeaderOptions.js';
import { RedisReplicationStream } from '../../../lib/replication/redis/RedisReplicationStream.js';
import { StreamEncoder } from '../../../lib/replication/redis/StreamEncoder.js';
import { ManualScheduler } from '../../support/ManualScheduler.js';
import { waitFor } from '../support/waitFor.js';
import { listenLeader } from './support/leaderHarness.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The stream bytes of these commands (each a space-separated argv), as latin1 text. */
const resp = (...commands: string[]) => Buffer.concat(commands.map((command) => encodeCommand(command.split(' ')))).toString('latin1');

/** A keyspace on a hand-moved clock, without active expiry, and its live Redis stream. */
function live() {
  const clock = { now: 1_000 };
  const keyspace = new Keyspace({ clock: () => clock.now, activeExpiry: false });
  const stream = new RedisReplicationStream(keyspace, normalizeRedisLeaderOptions({ scheduler: new VirtualTimeScheduler(), log: () => {} }));
  const bytes: Buffer[] = [];
  stream.attach({ write: (chunk) => bytes.push(chunk), historyEnded: () => {} });
  /** The bytes `body` added to the stream. */
  const during = (body: () => void) => {
    const from = bytes.length;
    body();
    return Buffer.concat(bytes.slice(from)).toString('latin1');
  };
  return { clock, keyspace, stream, during, all: () => Buffer.concat(bytes) };
}

/** Runs each command (a space-separated argv) in one session. */
function run(keyspace: Keyspace, ...commands: string[]): void {
  const session = keyspace.session();
  for (const command of commands) session.execute(command.split(' '));
}

// The expected bytes are what redis-server 7.0.15 sends its replicas for the same commands
// (captured from a PSYNC connection; server.c propagatePendingCommands).
describe('StreamEncoder: units of more than one command in MULTI/EXEC, as Redis 7.0', () => {
  it('a transaction of several writes: SELECT of its first write before MULTI, SELECT inside it when the db changes, no SELECT before EXEC', () => {
    const { keyspace, during } = live();
    expect(during(() => run(keyspace, 'SELECT 3', 'MULTI', 'SET a 1', 'SELECT 5', 'SET b 2', 'EXEC'))).toBe(resp('SELECT 3', 'MULTI', 'SET a 1', 'SELECT 5', 'SET b 2', 'EXEC'));
    expect(during(() => run(keyspace, 'SELECT 5', 'MULTI', 'SET a 1', 'INCR q', 'LPUSH a x', 'EXEC'))).toBe(resp('MULTI', 'SET a 1', 'INCR q', 'EXEC'));
  });

  it('a transaction that writes once is sent bare, one that only reads sends nothing', () => {
    const { keyspace, during } = live();
    expect(during(() => run(keyspace, 'MULTI', 'SET a 1', 'GET a', 'EXEC'))).toBe(resp('SELECT 0', 'SET a 1'));
    expect(during(() => run(keyspace, 'MULTI', 'GET a', 'EXEC'))).toBe('');
  });

  it('lazy expiry: the DELs and the write that found the keys expired are one unit; a read sends its DEL bare', () => {
    const { keyspace, clock, during } = live();
    run(keyspace, 'SET e 1 PX 10', 'SET f 1 PX 10', 'SET p 1 PX 10', 'SET q 1 PX 10');
    clock.now += 100;
    expect(during(() => run(keyspace, 'SET e 2'))).toBe(resp('MULTI', 'DEL e', 'SET e 2', 'EXEC'));
    expect(during(() => run(keyspace, 'GET f'))).toBe(resp('DEL f'));
    expect(during(() => run(keyspace, 'MSET p 2 q 2'))).toBe(resp('MULTI', 'DEL p', 'DEL q', 'MSET p 2 q 2', 'EXEC'));
    // A write that changes nothing after expiring its key propagates the DEL alone.
    run(keyspace, 'SADD s x', 'PEXPIRE s 10');
    clock.now += 100;
    expect(during(() => run(keyspace, 'SREM s y'))).toBe(resp('DEL s'));
  });

  it('a transaction whose commands expire keys: every DEL inside the MULTI, SELECTs included', () => {
    const { keyspace, clock, during } = live();
    run(keyspace, 'SET p 1 PX 10', 'SET q 1 PX 10');
    clock.now += 100;
    expect(during(() => run(keyspace, 'SELECT 4', 'MULTI', 'GET x', 'SELECT 0', 'GET p', 'GET q', 'EXEC'))).toBe(resp('MULTI', 'DEL p', 'DEL q', 'EXEC'));
    run(keyspace, 'SET p 1 PX 10');
    clock.now += 100;
    expect(during(() => run(keyspace, 'SELECT 4', 'MULTI', 'SET x 1', 'SELECT 0', 'GET p', 'EXEC'))).toBe(resp('SELECT 4', 'MULTI', 'SET x 1', 'SELECT 0', 'DEL p', 'EXEC'));
  });

  it('the offset and the backlog count the MULTI and EXEC bytes', () => {
    const { keyspace, stream, all } = live();
    const start = stream.offset;
    run(keyspace, 'MULTI', 'SET a 1', 'SET b 2', 'EXEC');
    expect(all().toString('latin1')).toBe(resp('SELECT 0', 'MULTI', 'SET a 1', 'SET b 2', 'EXEC'));
    expect(stream.offset - start).toBe(all().length);
    expect(stream.backlog.bytesAfter(start).equals(all())).toBe(true);
  });

  it('records without a unit, or in a unit of one, are bare; reset forgets an open transaction', () => {
    const encoder = new StreamEncoder();
    expect(encoder.encode({ db: 0, argv: ['SET', 'a', '1'], offset: 1 }).toString('latin1')).toBe(resp('SELECT 0', 'SET a 1'));
    expect(encoder.encode({ db: 0, argv: ['SET', 'a', '2'], offset: 2, unit: { first: 2, last: 2 } }).toString('latin1')).toBe(resp('SET a 2'));
    expect(encoder.encode({ db: 1, argv: ['SET', 'a', '3'], offset: 3, unit: { first: 3, last: 4 } }).toString('latin1')).toBe(resp('SELECT 1', 'MULTI', 'SET a 3'));
    encoder.reset();
    expect(encoder.encode({ db: 1, argv: ['SET', 'a', '5'], offset: 5, unit: { first: 5, last: 5 } }).toString('latin1')).toBe(resp('SELECT 1', 'SET a 5'));
  });

  it('a full sync holds the writes made during the RDB transfer with the same MULTI/EXEC bytes as the live stream', async () => {
    const clock = { now: 1_000 };
    const keyspace = new Keyspace({ clock: () => clock.now, activeExpiry: false });
    run(keyspace, 'SET seed 1', 'SET gone 1 PX 10');
    const iteration = new ManualScheduler();
    const leader = await listenLeader(keyspace, { iteration: { scheduler: iteration, batchSize: 1 } });
    cleanups.push(() => leader.close());
    const socket = connect(leader.port, '127.0.0.1');
    cleanups.push(() => void socket.destroy());
    let received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
    socket.write(encodeCommand(['PSYNC', '?', '-1']));
    await waitFor(() => received.includes('$EOF:') && leader.leader.replicas().length === 1, 'FULLRESYNC');
    const start = Number(/^\+FULLRESYNC [0-9a-f]{40} (\d+)\r\n/.exec(received.toString('latin1'))![1]);
    // T0 is taken: these writes are forwarded by the iteration, not sent from the stream.
    clock.now += 100;
    run(keyspace, 'MULTI', 'SET a 1', 'SELECT 2', 'SET b 2', 'EXEC');
    run(keyspace, 'SET gone 2');
    run(keyspace, 'SET c 3');
    iteration.drain();
    const mark = received.toString('latin1').match(/\$EOF:([0-9a-f]{40})\r\n/)![1]!;
    await waitFor(() => received.toString('latin1').endsWith(mark), 'the RDB and its mark');
    socket.write(encodeCommand(['REPLCONF', 'ACK', String(start)]));
    const expected = resp('SELECT 0', 'MULTI', 'SET a 1', 'SELECT 2', 'SET b 2', 'EXEC', 'SELECT 0', 'MULTI', 'DEL gone', 'SET gone 2', 'EXEC', 'SET c 3');
    const tail = () => received.subarray(received.lastIndexOf(mark) + mark.length).toString('latin1');
    await waitFor(() => tail().length >= expected.length, 'the held writes');
    expect(tail()).toBe(expected);
    expect(leader.leader.stream.backlog.bytesAfter(start).toString('latin1')).toBe(expected);
    expect(leader.leader.stream.offset - start).toBe(expected.length);
    expect(leader.leader.replicas().map(({ state }) => state)).toEqual(['online']);
  });
});
