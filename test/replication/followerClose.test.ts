import { describe, expect, it } from 'vitest';
import { useCluster } from './support/cluster.js';
import { caughtUp, waitFor } from './support/waitFor.js';

describe('follower.close()', () => {
  const cluster = useCluster();

  it('drops frames already on the way: the keyspace stops changing at once', async () => {
    const keyspace = cluster.keyspace();
    keyspace.execute(['SET', 'before', '1']);
    const leader = await cluster.leader({ keyspace });
    const proxy = await cluster.proxy(leader.port);
    const follower = cluster.follower(`ws://127.0.0.1:${proxy.port}/`);
    await caughtUp(follower, keyspace);

    // Records the leader has sent but the follower has not read yet when it closes.
    proxy.stall();
    for (let index = 0; index < 50; index++) keyspace.execute(['SET', `late:${index}`, 'x']);
    await waitFor(() => leader.followers()[0]?.sentOffset === keyspace.offset, 'leader to send the late records');
    const offset = follower.offset;
    const digest = follower.keyspace.digest();
    follower.close();
    proxy.resume();
    // The leader sees the link end only after the follower read everything before the close reply.
    await waitFor(() => leader.followers().length === 0, 'the link to close');

    expect(follower.offset).toBe(offset);
    expect(follower.keyspace.digest()).toBe(digest);
    expect(follower.keyspace.execute(['EXISTS', 'late:0'])).toBe(0);
  });
});
