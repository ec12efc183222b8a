import type { Cluster } from 'ioredis';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { SeededRandom } from '../support/SeededRandom.js';
import { randomWrite } from './clusterWorkload.js';

/**
 * A continuous, seeded write load of every type through an ioredis `Cluster` client (one write
 * in ten a MULTI/EXEC of two writes to one key): `writers` sequential loops, each over its own
 * keys (so each key's writes stay in order), and a model
 * keyspace that applies every acknowledged write in acknowledgement order. A write that fails is
 * recorded in `errors` (a cluster client should only ever see redirections it follows itself).
 *
 * @example
 * ```ts
 * const load = new ClusterLoad(client, keys, 4, seed);
 * load.start();
 * const { acknowledged, errors } = await load.stop();
 * ```
 */
export class ClusterLoad {
  readonly model = new Keyspace();
  readonly errors: string[] = [];
  acknowledged = 0;
  private running = false;
  private loops: Promise<void>[] = [];
  private starts = 0;

  constructor(
    private readonly client: Cluster,
    /** Every key with its index, which fixes its type (see `randomWrite`). */
    private readonly keys: readonly (readonly [key: string, index: number])[],
    private readonly writers: number,
    private readonly seed: number,
  ) {}

  /** Runs one write now (setup writes go through here too, so the model sees them). */
  async write(argv: readonly string[]): Promise<void> {
    try {
      await this.client.call(argv[0]!, ...argv.slice(1));
      this.model.execute([...argv]);
      this.acknowledged++;
    } catch (error) {
      this.errors.push(`${argv.join(' ')}: ${(error as Error).message}`);
    }
  }

  /** Starts the writers, over the keys `only` accepts (default: all of them). */
  start(only: (key: string) => boolean = () => true): void {
    this.running = true;
    const generation = this.starts++;
    this.loops = Array.from({ length: this.writers }, (_, writer) => this.loop(writer, generation, only));
  }

  /** Stops offering writes and waits for those in flight. */
  async stop(): Promise<{ acknowledged: number; errors: readonly string[] }> {
    this.running = false;
    await Promise.all(this.loops);
    return { acknowledged: this.acknowledged, errors: this.errors };
  }

  /** Resolves once `count` more writes were acknowledged (the load is really running). */
  async progressed(count: number, limitMs = 20_000): Promise<void> {
    const target = this.acknowledged + count;
    const started = Date.now();
    while (this.acknowledged < target) {
      if (Date.now() - started > limitMs) throw new Error(`the load made no progress: ${this.errors.slice(0, 3).join('; ')}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Runs writes of one slot as one MULTI/EXEC; the model applies them only if EXEC ran them. */
  async transaction(commands: readonly (readonly string[])[]): Promise<void> {
    try {
      const replies = await this.client.multi(commands.map(([name, ...args]) => [name!.toLowerCase(), ...args])).exec();
      const failed = replies?.find(([error]) => error !== null);
      if (replies === null || failed !== undefined) throw new Error(`EXEC: ${String(failed?.[0] ?? 'aborted')}`);
      for (const argv of commands) this.model.execute([...argv]);
      this.acknowledged++;
    } catch (error) {
      this.errors.push(`MULTI ${commands.map((argv) => argv.join(' ')).join('; ')}: ${(error as Error).message}`);
    }
  }

  private async loop(writer: number, generation: number, only: (key: string) => boolean): Promise<void> {
    const random = new SeededRandom(this.seed + 7919 * generation + 31 * writer);
    const mine = this.keys.filter(([key], at) => at % this.writers === writer && only(key));
    while (this.running && mine.length > 0) {
      const [key, index] = mine[random.integer(0, mine.length - 1)]!;
      if (random.chance(0.1)) await this.transaction([randomWrite(random, key, index), randomWrite(random, key, index)]);
      else await this.write(randomWrite(random, key, index));
    }
  }
}
