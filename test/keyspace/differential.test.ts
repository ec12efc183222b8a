import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import type { Session } from '../../lib/keyspace/Session.js';
import { commandTable } from '../../lib/keyspace/commands/index.js';
import { DETERMINISTIC, RANDOM, SPECIAL, nextStep, type Step } from '../support/differentialCommands.js';
import { BLOCKING } from '../support/redis7Commands.js';
import { runCollectionScan, runObject, runRandomPairs } from '../support/differentialRunners.js';
import { startServer } from '../../lib/server/startServer.js';
import { startRedisServer, type RedisServer } from '../support/redisServer.js';
import { captureKeyspace, fromResp, repliesAgree, type Comparable } from '../support/replyComparison.js';
import { RespClient } from '../support/RespClient.js';
import { SeededRandom } from '../support/SeededRandom.js';
import { dumpDatabases, dumpDifferences, readTypedValue } from '../support/stateDump.js';

/** Eight seeds by default; set DIFFERENTIAL_SEEDS=<n> (and optionally DIFFERENTIAL_FIRST_SEED) to explore more. */
const SEED_COUNT = Number(process.env.DIFFERENTIAL_SEEDS ?? 8);
const FIRST_SEED = Number(process.env.DIFFERENTIAL_FIRST_SEED ?? 1);
const SEEDS = Array.from({ length: SEED_COUNT }, (_, index) => FIRST_SEED + index);
const STEPS_PER_SEED = 600;
const DATABASES = [0, 1, 2, 3];

const bytes = (argv: readonly string[]) => argv.map((argument) => Buffer.from(argument, 'latin1'));

/** The forkless side: a keyspace reached in-process (a session) or over RESP (a forkless server). */
interface ForklessSide {
  readonly keyspace: Keyspace;
  /** The selected database of the session the commands run in. */
  readonly db: number;
  call(argv: readonly string[]): Promise<Comparable>;
}

function inProcessSide(): ForklessSide {
  // Every small collection packed after each write (the RESP side keeps its hot ones unpacked).
  const keyspace = new Keyspace({ unpackedCollections: 0 });
  const session: Session = keyspace.session();
  return {
    keyspace,
    get db() {
      return session.db;
    },
    call: async (argv) => captureKeyspace(() => session.execute(bytes(argv), { encoding: 'binary' })),
  };
}

/** A forkless server with one connection; replies come back through the same RESP client as redis's. */
async function respSide(): Promise<ForklessSide & { close(): Promise<void> }> {
  const keyspace = new Keyspace();
  const server = await startServer({ keyspace, port: 0, save: '', loadSnapshot: false });
  const client = await RespClient.connect(server.port);
  return {
    keyspace,
    get db() {
      return [...server.clients.values()][0]!.session.db;
    },
    call: async (argv) => fromResp(await client.call(bytes(argv))),
    close: async () => {
      client.close();
      await server.close();
    },
  };
}

/** Both sides of the comparison: a redis-server connection and the forkless side. */
class Pair {
  readonly log: string[] = [];

  constructor(
    readonly redis: RespClient,
    readonly inspector: RespClient,
    readonly seed: number,
    readonly forkless: ForklessSide,
  ) {}

  get keyspace(): Keyspace {
    return this.forkless.keyspace;
  }

  async redisCall(argv: readonly string[]): Promise<Comparable> {
    return fromResp(await this.redis.call(bytes(argv)));
  }

  keyspaceCall(argv: readonly string[]): Promise<Comparable> {
    return this.forkless.call(argv);
  }

  /** Runs a command on both sides and returns both replies, failing with the seed on a mismatch. */
  async both(argv: readonly string[], queued: readonly (readonly string[])[] = []): Promise<[Comparable, Comparable]> {
    const expected = await this.redisCall(argv);
    const actual = await this.keyspaceCall(argv);
    this.log.push(`${JSON.stringify(argv)} -> ${JSON.stringify(expected)}`);
    if (!repliesAgree(argv, expected, actual, queued)) this.fail(`reply of ${JSON.stringify(argv)}`, expected, actual);
    return [expected, actual];
  }

  fail(what: string, expected: unknown, actual: unknown): never {
    const history = this.log.slice(-15).join('\n  ');
    throw new Error(`seed ${this.seed}: ${what}\n  redis:    ${JSON.stringify(expected)}\n  keyspace: ${JSON.stringify(actual)}\n  last commands:\n  ${history}`);
  }

  async compareState(): Promise<void> {
    const expected = await dumpDatabases(async (argv, db) => {
      await this.inspector.call(['SELECT', String(db)]);
      return fromResp(await this.inspector.call(bytes(argv)));
    }, DATABASES);
    const actual = await dumpDatabases(async (argv, db) => captureKeyspace(() => this.keyspace.execute(bytes(argv), { db, encoding: 'binary' })), DATABASES);
    const differences = dumpDifferences(expected, actual);
    if (differences.length > 0) this.fail('state differs', differences.slice(0, 5), '');
  }
}

async function runStep(pair: Pair, step: Step): Promise<void> {
  if (step.kind === 'multi') return runTransaction(pair, step.commands, step.end);
  if (step.kind === 'scan') return runScan(pair, step.argv);
  const name = step.argv[0]!.toUpperCase();
  if (name === 'SPOP') return runSpop(pair, step.argv);
  if (name === 'SRANDMEMBER') return runSrandmember(pair, step.argv);
  if (name === 'RANDOMKEY') return runRandomkey(pair);
  if (name === 'HRANDFIELD' || name === 'ZRANDMEMBER') return runRandomPairs(pair, step.argv);
  if (name === 'HSCAN' || name === 'SSCAN' || name === 'ZSCAN') return runCollectionScan(pair, step.argv);
  if (name === 'OBJECT') return runObject(pair, step.argv);
  // Redis would block the connection: inside MULTI it answers at once, as the keyspace does.
  if (BLOCKING.has(name)) return runTransaction(pair, [step.argv], 'EXEC');
  if (name === 'DUMP') return runDump(pair, step.argv);
  await pair.both(step.argv);
}

async function runTransaction(pair: Pair, commands: string[][], end: string): Promise<void> {
  await pair.both(['MULTI']);
  const queued: string[][] = [];
  for (const argv of commands) {
    const [reply] = await pair.both(argv);
    if (reply === 'QUEUED') queued.push(argv);
  }
  await pair.both([end], queued);
}

/** SCAN cursors are implementation-defined: walk both to the end and compare the key sets. */
async function runScan(pair: Pair, argv: string[]): Promise<void> {
  const walk = async (call: (argv: string[]) => Promise<Comparable> | Comparable): Promise<Comparable> => {
    const found = new Set<string>();
    let cursor = argv[1]!;
    for (let round = 0; round < 1000; round++) {
      const reply = await call(['SCAN', cursor, ...argv.slice(2)]);
      if (!Array.isArray(reply)) return reply;
      for (const key of reply[1] as string[]) found.add(key);
      cursor = reply[0] as string;
      if (cursor === '0') break;
    }
    return [...found].sort();
  };
  const expected = await walk((command) => pair.redisCall(command));
  const actual = await walk((command) => pair.keyspaceCall(command));
  pair.log.push(`${JSON.stringify(argv)} (walk) -> ${JSON.stringify(expected)}`);
  if (JSON.stringify(expected) !== JSON.stringify(actual)) pair.fail(`SCAN walk ${JSON.stringify(argv)}`, expected, actual);
}

function membersOf(reply: Comparable): string[] {
  return Array.isArray(reply) ? (reply as string[]) : [];
}

/** SPOP picks at random: check shape and membership, then make the keyspace pop what redis popped. */
async function runSpop(pair: Pair, argv: string[]): Promise<void> {
  const before = new Set(membersOf(await pair.keyspaceCall(['SMEMBERS', argv[1]!])));
  const expected = await pair.redisCall(argv);
  const actual = await pair.keyspaceCall(argv);
  pair.log.push(`${JSON.stringify(argv)} -> ${JSON.stringify(expected)}`);
  const popped = (reply: Comparable) => (typeof reply === 'string' ? [reply] : membersOf(reply));
  const shapeAgrees = typeof expected === typeof actual && Array.isArray(expected) === Array.isArray(actual) && popped(expected).length === popped(actual).length;
  const error = typeof expected === 'object' && expected !== null && !Array.isArray(expected);
  if (error ? JSON.stringify(expected) !== JSON.stringify(actual) : !shapeAgrees || !popped(actual).every((member) => before.has(member))) {
    pair.fail(`SPOP shape ${JSON.stringify(argv)}`, expected, actual);
  }
  const keyspacePopped = popped(actual);
  if (keyspacePopped.length > 0 && keyspacePopped.length < before.size) {
    pair.keyspace.execute(bytes(['SADD', argv[1]!, ...keyspacePopped]), { db: pair.forkless.db });
    pair.keyspace.execute(bytes(['SREM', argv[1]!, ...popped(expected)]), { db: pair.forkless.db });
  }
}

async function runSrandmember(pair: Pair, argv: string[]): Promise<void> {
  const members = new Set(membersOf(await pair.keyspaceCall(['SMEMBERS', argv[1]!])));
  const expected = await pair.redisCall(argv);
  const actual = await pair.keyspaceCall(argv);
  pair.log.push(`${JSON.stringify(argv)} -> ${JSON.stringify(expected)}`);
  if (!Array.isArray(expected) || !Array.isArray(actual)) {
    const agree = typeof expected === 'string' ? typeof actual === 'string' && members.has(actual) : JSON.stringify(expected) === JSON.stringify(actual);
    if (!agree) pair.fail(`SRANDMEMBER ${JSON.stringify(argv)}`, expected, actual);
    return;
  }
  const distinct = Number(argv[2]) >= 0;
  const valid = actual.length === expected.length && actual.every((member) => members.has(member as string)) && (!distinct || new Set(actual).size === actual.length);
  if (!valid) pair.fail(`SRANDMEMBER ${JSON.stringify(argv)}`, expected, actual);
}

async function runRandomkey(pair: Pair): Promise<void> {
  const expected = await pair.redisCall(['RANDOMKEY']);
  const actual = await pair.keyspaceCall(['RANDOMKEY']);
  pair.log.push(`["RANDOMKEY"] -> ${JSON.stringify(expected)}`);
  const exists = typeof actual === 'string' && (await pair.keyspaceCall(['EXISTS', actual])) === 1;
  if ((expected === null) !== (actual === null) || (actual !== null && !exists)) pair.fail('RANDOMKEY', expected, actual);
}

/** Scratch key of the DUMP round trip; no generated command uses it. */
const SCRATCH = '__dump_round_trip__';

/**
 * DUMP payloads differ byte-wise (Redis encodes listpacks and intsets, forkless plain types), so
 * each side RESTOREs the other's payload under a scratch key, which must then read exactly as the
 * DUMPed key does on that side.
 */
async function runDump(pair: Pair, argv: string[]): Promise<void> {
  const expected = await pair.redisCall(argv);
  const actual = await pair.keyspaceCall(argv);
  pair.log.push(`${JSON.stringify(argv)} -> ${typeof expected === 'string' ? '<payload>' : JSON.stringify(expected)}`);
  if (typeof expected !== 'string' || typeof actual !== 'string') {
    if (JSON.stringify(expected) !== JSON.stringify(actual)) pair.fail(`DUMP ${JSON.stringify(argv)}`, expected, actual);
    return;
  }
  const intoRedis = await pair.redisCall(['RESTORE', SCRATCH, '0', actual, 'REPLACE']);
  const intoKeyspace = await pair.keyspaceCall(['RESTORE', SCRATCH, '0', expected, 'REPLACE']);
  if (intoRedis !== 'OK' || intoKeyspace !== 'OK') pair.fail(`RESTORE of the other side's DUMP of ${argv[1]}`, intoRedis, intoKeyspace);
  const redisRead = (command: string[]) => pair.redisCall(command);
  const keyspaceRead = (command: string[]) => pair.keyspaceCall(command);
  for (const [side, read] of [
    ['redis', redisRead],
    ['keyspace', keyspaceRead],
  ] as const) {
    const original = await readTypedValue(read, argv[1]!);
    const restored = await readTypedValue(read, SCRATCH);
    if (JSON.stringify(original) !== JSON.stringify(restored)) pair.fail(`${side} RESTOREd the other side's DUMP of ${argv[1]} differently`, original, restored);
  }
  await pair.redisCall(['DEL', SCRATCH]);
  pair.keyspaceCall(['DEL', SCRATCH]);
}

describe('differential command generator', () => {
  it('generates every command of the table (MULTI/EXEC/DISCARD and SCAN as their own steps)', () => {
    const generated = new Set(
      [...Object.keys(DETERMINISTIC), ...Object.keys(RANDOM), ...Object.keys(SPECIAL), 'MULTI', 'EXEC', 'DISCARD', 'SCAN'].map((name) => name.toLowerCase()),
    );
    expect([...commandTable.keys()].filter((name) => !generated.has(name))).toEqual([]);
  });
});

describe.each(['in-process', 'over RESP'] as const)('differential test against redis-server (forkless %s)', (mode) => {
  let server: RedisServer;
  let redis: RespClient;
  let inspector: RespClient;

  beforeAll(async () => {
    server = await startRedisServer();
    redis = await RespClient.connect(server.port);
    inspector = await RespClient.connect(server.port);
  });

  afterAll(async () => {
    redis?.close();
    inspector?.close();
    await server?.stop();
  });

  it("every command of the table has redis-server's arity and write/readonly/blocking flags (COMMAND INFO)", async () => {
    const names = [...commandTable.keys()];
    const infos = (await redis.call(['COMMAND', 'INFO', ...names])) as unknown as [string, number, string[]][];
    const redisView = infos.map(([name, arity, flags]) => [name, arity, flags.filter((flag) => ['write', 'readonly', 'blocking'].includes(flag)).sort()]);
    // OBJECT is a container in Redis (flags on its subcommands, which are readonly).
    const localView = names.map((name) => {
      const { arity, flags } = commandTable.get(name)!;
      return [name, arity, name === 'object' ? [] : [...flags].filter((flag) => ['write', 'readonly', 'blocking'].includes(flag)).sort()];
    });
    expect(localView).toEqual(redisView);
  });

  it.each(SEEDS)('seed %i: every reply and the final state match', async (seed) => {
    await redis.call(['FLUSHALL']);
    await redis.call(['SELECT', '0']);
    const side: ForklessSide & { close?(): Promise<void> } = mode === 'in-process' ? inProcessSide() : await respSide();
    const pair = new Pair(redis, inspector, seed, side);
    const random = new SeededRandom(seed);
    try {
      for (let index = 0; index < STEPS_PER_SEED; index++) {
        await runStep(pair, nextStep(random));
        if (index % 50 === 49) await pair.compareState();
      }
      await pair.compareState();
    } finally {
      await side.close?.();
    }
    expect(pair.log.length).toBeGreaterThanOrEqual(STEPS_PER_SEED);
  });
});
