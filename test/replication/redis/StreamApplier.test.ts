import { describe, expect, it } from 'vitest';
import { Keyspace } from '../../../lib/keyspace/Keyspace.js';
import { StreamApplier } from '../../../lib/replication/redis/StreamApplier.js';

const argvOf = (command: string) => command.split(' ').map((argument) => Buffer.from(argument));

describe('StreamApplier', () => {
  it('applies MULTI … EXEC as one unit, each queued command in the database selected when it came (SELECT inside MULTI)', () => {
    const keyspace = new Keyspace({ replica: true });
    const units: number[] = [];
    keyspace.replication$.subscribe(({ unit }) => units.push(unit!.last - unit!.first + 1));
    const applier = new StreamApplier(
      keyspace,
      0,
      () => {},
      () => {},
    );
    for (const command of ['SELECT 3', 'MULTI', 'SET a 1', 'SELECT 5', 'SET b 2', 'EXEC']) applier.apply(argvOf(command), 1);
    expect([keyspace.execute(['GET', 'a'], { db: 3 }), keyspace.execute(['GET', 'b'], { db: 5 }), keyspace.dbsize(3), keyspace.dbsize(5)]).toEqual(['1', '2', 1, 1]);
    expect(units).toEqual([2, 2]);
    expect([applier.db, applier.offset, applier.commands]).toEqual([5, 6, 6]);
  });
});
