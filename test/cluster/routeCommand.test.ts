import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CROSSSLOT_ERROR, routeCommands, UNBOUND_ERROR, type RoutingView } from '../../lib/cluster/routeCommand.js';
import { commandTable } from '../../lib/keyspace/commands/index.js';
import { keyHashSlot } from '../../lib/keyspace/keyHashSlot.js';

const me = { id: 'a'.repeat(40), host: '127.0.0.1', port: 7000 };
const peer = { id: 'b'.repeat(40), host: '10.0.0.2', port: 7001 };
const paused = Promise.resolve();
const UNOWNED = 100;
const PAUSED = 866; // 'hello'

/** Slots below 8192 are mine, the rest the peer's; slot 100 is unowned; slot 866 is paused for a handoff. */
const view: RoutingView = {
  myId: me.id,
  ownerOf: (slot) => (slot === UNOWNED ? undefined : slot < 8192 ? me : peer),
  pausedUntil: (slot) => (slot === PAUSED ? paused : undefined),
};
const route = (...argvs: string[][]) =>
  routeCommands(
    view,
    argvs.map((argv) => ({ specification: commandTable.get(argv[0]!.toLowerCase())!, argv })),
  );

describe('routeCommands (Redis 7.0 getNodeByQuery, per-slot pause)', () => {
  it('runs commands on owned slots and keyless commands here', () => {
    expect(route(['GET', 'bar'])).toEqual({ kind: 'local', slot: 5061 });
    expect(route(['MSET', '{a}x', '1', '{a}y', '2'])).toEqual({ kind: 'error', message: 'MOVED 15495 10.0.0.2:7001' });
    expect(route(['PING'])).toEqual({ kind: 'local', slot: null });
    expect(route(['FLUSHALL'])).toEqual({ kind: 'local', slot: null });
  });

  it('answers MOVED, CROSSSLOT and CLUSTERDOWN with Redis 7.0 texts', () => {
    expect(route(['SET', 'foo', 'v'])).toEqual({ kind: 'error', message: 'MOVED 12182 10.0.0.2:7001' });
    expect(route(['MGET', 'foo', 'bar'])).toEqual({ kind: 'error', message: CROSSSLOT_ERROR });
    expect(CROSSSLOT_ERROR).toBe("CROSSSLOT Keys in request don't hash to the same slot");
    expect(route(['GET', 'u11219'])).toEqual({ kind: 'error', message: UNBOUND_ERROR });
  });

  it('checks a MULTI queue as one request: all keys of all commands in one slot', () => {
    expect(route(['SET', 'bar', '1'], ['INCR', 'bar'])).toEqual({ kind: 'local', slot: 5061 });
    expect(route(['SET', 'bar', '1'], ['INCR', 'b'])).toEqual({ kind: 'error', message: CROSSSLOT_ERROR });
  });

  it('holds writes to a paused slot and lets reads of it through', () => {
    expect(route(['SET', 'hello', 'v'])).toEqual({ kind: 'wait', until: paused });
    expect(route(['GET', 'hello'])).toEqual({ kind: 'local', slot: PAUSED });
    expect(route(['GET', 'hello'], ['SET', 'hello', 'v'])).toEqual({ kind: 'wait', until: paused });
  });

  it('agrees with a model for random key sets (fast-check)', () => {
    const seed = Number(process.env.FC_SEED ?? 1306);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('hello', 'u11219', '{t}a', '{t}b')), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (keys, write) => {
          const argv = write ? ['MSET', ...keys.flatMap((key) => [key, 'v'])] : ['MGET', ...keys];
          const slots = new Set(keys.map((key) => keyHashSlot(key)));
          const slot = keyHashSlot(keys[0]!);
          const owner = view.ownerOf(slot);
          const expected =
            slots.size > 1
              ? { kind: 'error', message: CROSSSLOT_ERROR }
              : owner === undefined
                ? { kind: 'error', message: UNBOUND_ERROR }
                : owner !== me
                  ? { kind: 'error', message: `MOVED ${slot} ${owner.host}:${owner.port}` }
                  : write && slot === PAUSED
                    ? { kind: 'wait', until: paused }
                    : { kind: 'local', slot };
          expect(route(argv)).toEqual(expected);
        },
      ),
      { seed, numRuns: 500 },
    );
  });
});
