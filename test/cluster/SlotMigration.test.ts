import { lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { SeededRandom } from '../support/SeededRandom.js';
import { inProcessCluster, TestClusterClient, turns } from './clusterHarness.js';
import { bigValue, keysInRange, randomWrite } from './clusterWorkload.js';
import { verifyCluster } from './verifyCluster.js';

describe('slot migration over in-process links', () => {
  it('moves a slot range with every type, big collections and live writes; nothing acknowledged is lost', async () => {
    const cluster = inProcessCluster(3, { chunkSize: 16 });
    const [source, target] = cluster.nodes as [(typeof cluster.nodes)[0], (typeof cluster.nodes)[0]];
    const model = new Keyspace();
    const client = new TestClusterClient(cluster.nodes);
    const keys = keysInRange(0, 99, 300);
    const other = keysInRange(200, 299, 50, 'o');
    const write = async (argv: (string | Uint8Array)[]) => {
      await client.execute(argv);
      model.execute(argv);
    };
    for (const [index, key] of keys.slice(0, 20).entries())
      await write([Buffer.from('HSET'), Buffer.from(`${key}\xff`, 'latin1'), Buffer.from([0xff, 0]), Buffer.from([index, 0xfe])]);
    for (const [index, key] of keys.entries()) await write(index % 10 === 0 ? bigValue(key, index, 100) : randomWrite(new SeededRandom(index), key, index));
    const random = new SeededRandom(7);
    let running = true;
    const load = (async () => {
      while (running) {
        const index = random.integer(0, keys.length - 1);
        await write(randomWrite(random, random.chance(0.8) ? keys[index]! : other[index % other.length]!, index));
        await turns();
      }
    })();
    const progress = await lastValueFrom(source.migrate([[0, 99]], target.id));
    running = false;
    await load;
    // One write to a moved slot after the move: the client follows the MOVED even if the load
    // (whose interleaving with the cursor's time-sliced cycles varies) ended before meeting one.
    await write(['SET', keys[0]!, 'after the move']);
    expect(progress.state).toBe('success');
    expect(progress.keys).toBeGreaterThan(0);
    await turns(20);
    verifyCluster(cluster.nodes, model);
    expect(client.redirections).toBeGreaterThan(0);
    const back = await lastValueFrom(target.migrate([[0, 99]], source.id));
    expect(back.state).toBe('success');
    await turns(20);
    verifyCluster(cluster.nodes, model);
  });

  it('a peer unreachable during the move learns the new owner from the retried push (within a second of coming back)', async () => {
    const cluster = inProcessCluster(3);
    const [source, target, peer] = cluster.nodes as [(typeof cluster.nodes)[0], (typeof cluster.nodes)[0], (typeof cluster.nodes)[0]];
    cluster.unreachable(peer, true);
    const progress = await lastValueFrom(source.migrate([[0, 99]], target.id));
    expect(progress.state).toBe('success');
    await turns(10);
    expect(peer.topology.ownerOf(0)!.id).toBe(source.id);
    cluster.unreachable(peer, false);
    cluster.timers.advance(1000);
    await turns(10);
    expect(peer.topology.ownerOf(0)!.id).toBe(target.id);
    verifyCluster(cluster.nodes, new Keyspace());
  });
});
