import { Keyspace } from '../lib/keyspace/Keyspace.js';
import { startLeader, type Leader } from '../lib/replication/index.js';
import { fillDataset } from './dataset.js';
import { startLiveWriter, type LiveWriter } from './liveWriter.js';
import { readDemoOptions, type DemoOptions } from './options.js';
import { seededRandom } from './seededRandom.js';

/** A demo leader: a seeded dataset, a live writer, and the WebSocket leader serving it. */
export interface DemoLeader {
  readonly keyspace: Keyspace;
  readonly leader: Leader;
  readonly writer: LiveWriter;
  stop(): Promise<void>;
}

/** Builds the dataset, starts the writer and the leader on 127.0.0.1. */
export async function startDemoLeader(options: DemoOptions, log: (line: string) => void): Promise<DemoLeader> {
  const random = seededRandom(options.seed);
  const keyspace = new Keyspace({ activeExpiry: true });
  const started = performance.now();
  fillDataset(keyspace, random, options);
  log(`leader: ${options.keys} keys of every type in ${options.databases} databases (seed ${options.seed}) built in ${Math.round(performance.now() - started)} ms`);
  const leader = await startLeader({ keyspace, host: '127.0.0.1', port: options.port });
  const writer = startLiveWriter(keyspace, random, { ...options, perSecond: options.writesPerSecond });
  log(`leader: listening on ${leader.url}, live writer at ${options.writesPerSecond} writes/s`);
  return {
    keyspace,
    leader,
    writer,
    stop: async () => {
      writer.stop();
      await leader.close();
      keyspace.close();
    },
  };
}

/** `npm run demo:leader`: runs until Ctrl-C, printing each follower's state and lag every second. */
async function main(): Promise<void> {
  const { options } = readDemoOptions(process.argv.slice(2));
  const demo = await startDemoLeader({ ...options, port: options.port || 7379 }, console.log);
  console.log(`run a follower with: npm run demo:follower ${demo.leader.url}`);
  const report = setInterval(() => {
    const followers = demo.leader.followers().map((follower) => {
      const sync = follower.fullSync;
      const progress = follower.state === 'full-sync' && sync ? ` ${sync.entriesSent}/${sync.keysTotal} keys` : '';
      return `${follower.followerId ?? '?'} ${follower.state}${progress} lag=${follower.lag ?? '-'}`;
    });
    console.log(`offset ${demo.keyspace.offset}, ${demo.writer.commands} writes; followers: ${followers.join('; ') || 'none'}`);
  }, 1000);
  process.once('SIGINT', () => {
    clearInterval(report);
    void demo.stop().then(() => process.exit(0));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) void main();
