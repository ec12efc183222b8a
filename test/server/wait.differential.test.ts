import { describe, expect, it } from 'vitest';
import { RespClient, type RespReply } from '../support/RespClient.js';
import { serversSideBySide } from './support/serverFixtures.js';

/** What a WAIT that cannot be satisfied (no replicas) does to INFO and to CLIENT UNBLOCK, on one server. */
async function waitScenario(port: number): Promise<RespReply[]> {
  const [waiting, other] = [await RespClient.connect(port), await RespClient.connect(port)];
  try {
    const id = String(await waiting.call(['CLIENT', 'ID']));
    const blockedClients = async () => /^blocked_clients:(\d+)\r$/m.exec(String(await other.call(['INFO', 'clients'])))![1]!;
    const results: RespReply[] = [await blockedClients()];
    const first = waiting.call(['WAIT', '1', '0']);
    while ((await blockedClients()) !== '1') await new Promise((resolve) => setImmediate(resolve));
    results.push(await other.call(['CLIENT', 'UNBLOCK', id]), await first, await other.call(['CLIENT', 'UNBLOCK', id]));
    const second = waiting.call(['WAIT', '2', '0']);
    while ((await blockedClients()) !== '1') await new Promise((resolve) => setImmediate(resolve));
    results.push(await other.call(['CLIENT', 'UNBLOCK', id, 'ERROR']), await second, await blockedClients());
    return results;
  } finally {
    waiting.close();
    other.close();
  }
}

describe('WAIT differential against redis-server 7.0', () => {
  const pair = serversSideBySide();

  it('a blocked WAIT counts in blocked_clients and ends on CLIENT UNBLOCK (count so far, or the UNBLOCKED error)', async () => {
    const expected = await waitScenario(pair.redis.port);
    expect(await waitScenario(pair.server.port)).toEqual(expected);
    expect(expected[0]).toBe('0');
  });
});
