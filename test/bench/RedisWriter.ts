import { connect, type Socket } from 'node:net';
import { createHistogram, performance } from 'node:perf_hooks';
import type { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { benchKey, randomValues, type RandomSource } from './benchData.js';

const OK_REPLY_BYTES = '+OK\r\n'.length;
const NS_PER_MS = 1e6;

/** Encodes `SET key value` in RESP (ASCII key and value). */
function setCommand(key: string, value: string): string {
  return `*3\r\n$3\r\nSET\r\n$${key.length}\r\n${key}\r\n$${value.length}\r\n${value}\r\n`;
}

/** Opens a loopback connection to `port`. */
function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * Copies db 0 of `keyspace` into a redis-server with pipelined SETs (the same keys and values the
 * forkless sections use), waiting for every reply.
 *
 * @example
 * ```ts
 * await loadIntoRedis(dataset.keyspace, redis.port);
 * ```
 */
export async function loadIntoRedis(keyspace: Keyspace, port: number): Promise<void> {
  const socket = await open(port);
  let replied = 0;
  socket.on('data', (chunk: Buffer) => (replied += chunk.length));
  let sent = 0;
  let batch: string[] = [];
  for (const key of keyspace.databases[0]!.keys()) {
    batch.push(setCommand(key, keyspace.databases[0]!.get(key) as string));
    sent++;
    if (batch.length < 4096) continue;
    const flushed = socket.write(batch.join(''), 'latin1');
    batch = [];
    if (!flushed) await new Promise((resolve) => socket.once('drain', resolve));
  }
  socket.write(batch.join(''), 'latin1');
  while (replied < sent * OK_REPLY_BYTES) await new Promise((resolve) => setTimeout(resolve, 5));
  socket.destroy();
}

/**
 * The redis counterpart of the forkless ForegroundProbe's writer: open-loop SETs of random existing
 * keys at a fixed rate from a 1 ms timer, latency from due time to reply (replies come in order).
 *
 * @example
 * ```ts
 * const writer = await RedisWriter.start(redis.port, keys, 100, 20_000, seededRandom(1));
 * const { latencyP99 } = await writer.stop();
 * ```
 */
export class RedisWriter {
  private readonly latency = createHistogram();
  private readonly dueTimes: number[] = [];
  private dueHead = 0;
  private sent = 0;
  private replyBytes = 0;
  private readonly startedAt = performance.now();
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly socket: Socket,
    private readonly keys: number,
    private readonly values: string[],
    private readonly writeRate: number,
    private readonly random: RandomSource,
  ) {
    socket.on('data', (chunk: Buffer) => this.received(chunk.length));
    this.timer = setInterval(() => this.sendDue(), 1);
  }

  /** Connects and starts writing. */
  static async start(port: number, keys: number, valueSize: number, writeRate: number, random: RandomSource): Promise<RedisWriter> {
    return new RedisWriter(await open(port), keys, randomValues(random, 1024, valueSize), writeRate, random);
  }

  /** Stops sending, waits for outstanding replies, returns latency figures in ms. */
  async stop(): Promise<{ commands: number; latencyP50: number; latencyP99: number; latencyMax: number }> {
    clearInterval(this.timer);
    while (this.dueHead < this.sent) await new Promise((resolve) => setTimeout(resolve, 5));
    this.socket.destroy();
    const percentile = (value: number) => value / NS_PER_MS;
    return {
      commands: this.sent,
      latencyP50: percentile(this.latency.percentile(50)),
      latencyP99: percentile(this.latency.percentile(99)),
      latencyMax: percentile(this.latency.max),
    };
  }

  private sendDue(): void {
    const intervalMs = 1000 / this.writeRate;
    const due = Math.floor((performance.now() - this.startedAt) / intervalMs);
    const commands: string[] = [];
    for (; this.sent < due; this.sent++) {
      commands.push(setCommand(benchKey((this.random() * this.keys) | 0), this.values[this.sent & 1023]!));
      this.dueTimes.push(this.startedAt + this.sent * intervalMs);
    }
    if (commands.length > 0) this.socket.write(commands.join(''), 'latin1');
  }

  private received(bytes: number): void {
    this.replyBytes += bytes;
    const now = performance.now();
    for (; this.dueHead < Math.floor(this.replyBytes / OK_REPLY_BYTES); this.dueHead++) {
      this.latency.record(Math.max(1, Math.round((now - this.dueTimes[this.dueHead]!) * NS_PER_MS)));
    }
  }
}
