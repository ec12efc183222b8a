import { describe, expect, it } from 'vitest';
import { ByteQueue } from '../../../lib/replication/redis/ByteQueue.js';

describe('ByteQueue', () => {
  it('gives back exactly the bytes appended, in order, across slab boundaries', () => {
    const queue = new ByteQueue();
    const parts = [Buffer.alloc(10, 1), Buffer.alloc(70_000, 2), Buffer.alloc(0), Buffer.alloc(65_526, 3), Buffer.alloc(5, 4)];
    for (const part of parts) queue.append(part);
    expect(queue.length).toBe(135_541);
    expect(Buffer.concat(queue.take()).equals(Buffer.concat(parts))).toBe(true);
    expect([queue.length, queue.take().length]).toEqual([0, 0]);
    queue.append(Buffer.from('again'));
    expect(Buffer.concat(queue.take()).toString()).toBe('again');
  });
});
