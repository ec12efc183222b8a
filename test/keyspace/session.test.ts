import { describe, expect, it } from 'vitest';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { ReplyError } from '../../lib/keyspace/ReplyError.js';

const error = (message: string) => new ReplyError(message);

describe('Session', () => {
  it('keeps its own selected database', () => {
    const ks = new Keyspace();
    const first = ks.session();
    const second = ks.session();
    expect(first.execute(['SELECT', '3'])).toBe('OK');
    first.execute(['SET', 'k', 'in3']);
    second.execute(['SET', 'k', 'in0']);
    expect(first.execute(['GET', 'k'])).toBe('in3');
    expect(second.execute(['GET', 'k'])).toBe('in0');
    expect(ks.execute(['GET', 'k'], { db: 3 })).toBe('in3');
  });

  it('rejects bad SELECT arguments and keeps the database', () => {
    const session = new Keyspace().session();
    session.execute(['SELECT', '2']);
    expect(() => session.execute(['SELECT', '16'])).toThrow(error('ERR DB index is out of range'));
    expect(() => session.execute(['SELECT', 'x'])).toThrow(error('ERR value is not an integer or out of range'));
    expect(session.db).toBe(2);
  });

  it('EXEC runs the queue in order with nothing in between, errors in place of replies', () => {
    const ks = new Keyspace();
    const session = ks.session();
    ks.execute(['SET', 'name', 'text']);
    expect(session.execute(['MULTI'])).toBe('OK');
    expect(session.execute(['INCR', 'counter'])).toBe('QUEUED');
    expect(session.execute(['INCR', 'name'])).toBe('QUEUED');
    expect(session.execute(['SELECT', '1'])).toBe('QUEUED');
    expect(session.execute(['SET', 'counter', 'db1'])).toBe('QUEUED');
    expect(session.inTransaction).toBe(true);
    // Another client writes while the transaction is open: queued commands have not run yet.
    ks.execute(['SET', 'counter', '10']);
    const replies = session.execute(['EXEC']) as unknown[];
    expect(replies).toEqual([11, error('ERR value is not an integer or out of range'), 'OK', 'OK']);
    expect(ks.execute(['GET', 'counter'])).toBe('11');
    expect(ks.execute(['GET', 'counter'], { db: 1 })).toBe('db1');
    expect(session.db).toBe(1);
  });

  it('a queued unknown command or wrong arity aborts the transaction with EXECABORT', () => {
    const ks = new Keyspace();
    const session = ks.session();
    session.execute(['MULTI']);
    session.execute(['SET', 'a', '1']);
    expect(() => session.execute(['NOPE'])).toThrow(error("ERR unknown command 'NOPE', with args beginning with: "));
    expect(() => session.execute(['GET'])).toThrow(error("ERR wrong number of arguments for 'get' command"));
    expect(() => session.execute(['EXEC'])).toThrow(error('EXECABORT Transaction discarded because of previous errors.'));
    expect(ks.dbsize()).toBe(0);
    expect(session.inTransaction).toBe(false);
  });

  it('EXEC with arguments discards the transaction', () => {
    const ks = new Keyspace();
    const session = ks.session();
    session.execute(['MULTI']);
    session.execute(['SET', 'a', '1']);
    expect(() => session.execute(['EXEC', 'x'])).toThrow(error("EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command"));
    expect(() => session.execute(['EXEC'])).toThrow(error('ERR EXEC without MULTI'));
    expect(ks.dbsize()).toBe(0);
  });

  it('nested MULTI is an error that does not abort; DISCARD drops the queue', () => {
    const ks = new Keyspace();
    const session = ks.session();
    session.execute(['MULTI']);
    expect(() => session.execute(['MULTI'])).toThrow(error('ERR MULTI calls can not be nested'));
    session.execute(['SET', 'a', '1']);
    expect(session.execute(['EXEC'])).toEqual(['OK']);
    session.execute(['MULTI']);
    session.execute(['SET', 'b', '1']);
    expect(session.execute(['DISCARD'])).toBe('OK');
    expect(ks.execute(['EXISTS', 'a', 'b'])).toBe(1);
    expect(() => session.execute(['DISCARD'])).toThrow(error('ERR DISCARD without MULTI'));
  });

  it('MULTI needs a session', () => {
    expect(() => new Keyspace().execute(['MULTI'])).toThrow(ReplyError);
  });

  it('propagates the commands of a transaction in order, and nothing for a discarded one', () => {
    const ks = new Keyspace();
    const propagated: unknown[] = [];
    ks.replication$.subscribe((record) => propagated.push([record.db, ...record.argv]));
    const session = ks.session();
    session.execute(['MULTI']);
    session.execute(['SET', 'a', '1']);
    session.execute(['DISCARD']);
    session.execute(['MULTI']);
    session.execute(['RPUSH', 'l', 'x']);
    session.execute(['SELECT', '2']);
    session.execute(['SADD', 's', 'y']);
    session.execute(['EXEC']);
    expect(propagated).toEqual([
      [0, 'RPUSH', 'l', 'x'],
      [2, 'SADD', 's', 'y'],
    ]);
  });
});
