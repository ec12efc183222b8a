import type { Keyspace } from '../lib/keyspace/Keyspace.js';
import { ReplyError } from '../lib/keyspace/ReplyError.js';
import { keyAt, type DatasetOptions } from './dataset.js';
import type { SeededRandom } from './seededRandom.js';

/** A running writer: stop it, and read how many commands it ran. */
export interface LiveWriter {
  readonly commands: number;
  stop(): void;
}

/** One random write of any type against the dataset's keys (some of them create new keys). */
function randomWrite(random: SeededRandom, options: DatasetOptions): string[] {
  const { key, kind } = keyAt(random.integer(options.keys + options.keys / 10));
  switch (random.integer(8)) {
    case 0:
      return ['DEL', key];
    case 1:
      return ['EXPIRE', key, String(3600 + random.integer(3600))];
    case 2:
      return ['SET', `string:${random.integer(options.keys)}`, random.text(options.valueSize)];
    default:
      return writeForKind(random, key, kind);
  }
}

function writeForKind(random: SeededRandom, key: string, kind: ReturnType<typeof keyAt>['kind']): string[] {
  switch (kind) {
    case 'string':
      return random.integer(2) === 0 ? ['APPEND', key, random.text(4)] : ['SET', key, random.text(20)];
    case 'hash':
      return ['HSET', key, `e${random.integer(12)}`, random.text(16)];
    case 'list':
      return random.integer(2) === 0 ? ['LPUSH', key, random.text(8)] : ['RPOP', key];
    case 'set':
      return random.integer(2) === 0 ? ['SADD', key, random.text(6)] : ['SPOP', key];
    case 'zset':
      return ['ZINCRBY', key, String(random.integer(10)), `e${random.integer(10)}`];
  }
}

/**
 * Writes `perSecond` random commands a second, in small batches from a 10 ms timer, the way a
 * live application would, until stopped.
 */
export function startLiveWriter(keyspace: Keyspace, random: SeededRandom, options: DatasetOptions & { perSecond: number }): LiveWriter {
  let commands = 0;
  const perTick = Math.max(1, Math.round(options.perSecond / 100));
  const timer = setInterval(() => {
    for (let index = 0; index < perTick; index++) {
      const argv = randomWrite(random, options);
      try {
        keyspace.execute(argv, { db: random.integer(options.databases) });
      } catch (error) {
        if (!(error instanceof ReplyError)) throw error; // WRONGTYPE on a reused key: no effect
      }
      commands++;
    }
  }, 10);
  return {
    get commands() {
      return commands;
    },
    stop: () => clearInterval(timer),
  };
}
