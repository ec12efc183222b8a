import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RespClient, type RespReply } from '../support/RespClient.js';
import { serversSideBySide } from './support/serverFixtures.js';

const KEYS = ['a', 'b', 'c'];
const key = fc.constantFrom(...KEYS);
const db = fc.constantFrom('0', '1');

/** One step: which connection runs which commands (a transaction is one step). */
type Step = { readonly client: 'watcher' | 'other'; readonly commands: string[][] };

/** One round: the watcher (maybe in another db) watches keys, the writer writes, the watcher runs a transaction. */
const round: fc.Arbitrary<Step[]> = fc
  .tuple(fc.option(db, { nil: undefined }), fc.array(key, { minLength: 1, maxLength: 2 }), fc.array(fc.constant(null), { maxLength: 3 }), key, fc.boolean())
  .chain(([select, watched, writes, incremented, unwatch]) =>
    fc.tuple(fc.constant({ select, watched, incremented, unwatch }), fc.array(otherStep(), { minLength: writes.length, maxLength: writes.length })),
  )
  .map(([{ select, watched, incremented, unwatch }, writes]) => [
    ...(select === undefined ? [] : [{ client: 'watcher' as const, commands: [['SELECT', select]] }]),
    { client: 'watcher' as const, commands: [['WATCH', ...watched]] },
    ...writes,
    ...(unwatch ? [{ client: 'watcher' as const, commands: [['UNWATCH']] }] : []),
    { client: 'watcher' as const, commands: [['MULTI'], ['INCR', incremented], ['GET', incremented], ['EXEC']] },
  ]);

const otherStep = (): fc.Arbitrary<Step> =>
  fc
    .oneof(
      fc.tuple(key, fc.constantFrom('1', 'x')).map(([name, value]) => ['SET', name, value]),
      key.map((name) => ['DEL', name]),
      key.map((name) => ['RPUSH', name, 'v']),
      key.map((name) => ['EXPIRE', name, '100']),
      key.map((name) => ['PERSIST', name]),
      fc.tuple(key, key).map(([from, to]) => ['RENAME', from, to]),
      db.map((index) => ['SELECT', index]),
      fc.constant<string[]>(['FLUSHDB']),
      fc.constant<string[]>(['FLUSHALL']),
      fc.constant<string[]>(['SWAPDB', '0', '1']),
      fc.tuple(key, db).map(([name, index]) => ['MOVE', name, index]),
    )
    .map((argv) => ({ client: 'other' as const, commands: [argv] }));

/** Runs the steps on one server with two connections; returns every reply in order. */
async function replay(port: number, steps: readonly Step[]): Promise<RespReply[]> {
  const clients = { watcher: await RespClient.connect(port), other: await RespClient.connect(port) };
  const replies: RespReply[] = [await clients.other.call(['FLUSHALL'])];
  for (const step of steps) for (const argv of step.commands) replies.push(await clients[step.client].call(argv));
  clients.watcher.close();
  clients.other.close();
  return replies;
}

describe('WATCH/MULTI/EXEC interleavings: the same replies as redis-server (property, seeded)', () => {
  const pair = serversSideBySide();

  it('agrees on every reply of random interleavings of a watcher and a writer', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(round, { minLength: 1, maxLength: 8 }).map((rounds) => rounds.flat()),
        async (steps) => {
          expect(await replay(pair.server.port, steps)).toEqual(await replay(pair.redis.port, steps));
        },
      ),
      { seed: 7, numRuns: 100 },
    );
  });
});
