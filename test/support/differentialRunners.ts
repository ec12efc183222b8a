import type { Comparable } from './replyComparison.js';

/** What a runner needs from the differential test's pair of redis-server and keyspace session. */
export interface ComparisonPair {
  redisCall(argv: readonly string[]): Promise<Comparable>;
  keyspaceCall(argv: readonly string[]): Comparable;
  readonly log: string[];
  fail(what: string, expected: unknown, actual: unknown): never;
}

const isError = (reply: Comparable) => typeof reply === 'object' && reply !== null && !Array.isArray(reply);

/** Calls both sides and logs the command with redis's reply. */
async function callBoth(pair: ComparisonPair, argv: readonly string[]): Promise<[Comparable, Comparable]> {
  const expected = await pair.redisCall(argv);
  const actual = pair.keyspaceCall(argv);
  pair.log.push(`${JSON.stringify(argv)} -> ${JSON.stringify(expected)}`);
  return [expected, actual];
}

/** The key's items as name → value (hash fields, or zset members with their scores). */
function itemsOf(pair: ComparisonPair, argv: readonly string[]): Map<string, string> {
  const reply = pair.keyspaceCall(argv[0]!.toUpperCase() === 'HRANDFIELD' ? ['HGETALL', argv[1]!] : ['ZRANGE', argv[1]!, '0', '-1', 'WITHSCORES']);
  const items = new Map<string, string>();
  if (!Array.isArray(reply)) return items;
  for (let index = 0; index + 1 < reply.length; index += 2) items.set(reply[index] as string, reply[index + 1] as string);
  return items;
}

/**
 * HRANDFIELD/ZRANDMEMBER pick at random: errors and nil must match exactly; otherwise the same
 * length, every name (and value, WITHVALUES/WITHSCORES) taken from the key, distinct for a
 * non-negative count.
 */
export async function runRandomPairs(pair: ComparisonPair, argv: readonly string[]): Promise<void> {
  const items = itemsOf(pair, argv);
  const [expected, actual] = await callBoth(pair, argv);
  if (!Array.isArray(expected) || !Array.isArray(actual)) {
    const agree = typeof expected === 'string' ? typeof actual === 'string' && items.has(actual) : JSON.stringify(expected) === JSON.stringify(actual);
    if (!agree) pair.fail(`random pick ${JSON.stringify(argv)}`, expected, actual);
    return;
  }
  const withValues = argv.length === 4;
  const names: string[] = [];
  let valid = actual.length === expected.length;
  for (let index = 0; index < actual.length; index += withValues ? 2 : 1) {
    const name = actual[index] as string;
    names.push(name);
    valid &&= items.has(name) && (!withValues || items.get(name) === actual[index + 1]);
  }
  if (Number(argv[2]) >= 0) valid &&= new Set(names).size === names.length;
  if (!valid) pair.fail(`random pick ${JSON.stringify(argv)}`, expected, actual);
}

/** Walks a collection scan to the end on one side; the items found (pairs for HSCAN/ZSCAN) or the error. */
async function walkScan(argv: readonly string[], call: (argv: string[]) => Promise<Comparable> | Comparable): Promise<Comparable> {
  const paired = argv[0]!.toUpperCase() !== 'SSCAN';
  const found = new Set<string>();
  let cursor = argv[2]!;
  for (let round = 0; round < 1000; round++) {
    const reply = await call([argv[0]!, argv[1]!, cursor, ...argv.slice(3)]);
    if (!Array.isArray(reply)) return reply;
    const page = reply[1] as string[];
    for (let index = 0; index < page.length; index += paired ? 2 : 1) found.add(JSON.stringify(page.slice(index, index + (paired ? 2 : 1))));
    cursor = reply[0] as string;
    if (cursor === '0') break;
  }
  return [...found].sort();
}

/** HSCAN/SSCAN/ZSCAN cursors are implementation-defined: walk both to the end and compare the items. */
export async function runCollectionScan(pair: ComparisonPair, argv: readonly string[]): Promise<void> {
  if (argv.length < 3) {
    const [expected, actual] = await callBoth(pair, argv);
    if (JSON.stringify(expected) !== JSON.stringify(actual)) pair.fail(`scan ${JSON.stringify(argv)}`, expected, actual);
    return;
  }
  const expected = await walkScan(argv, (command) => pair.redisCall(command));
  const actual = await walkScan(argv, (command) => pair.keyspaceCall(command));
  pair.log.push(`${JSON.stringify(argv)} (walk) -> ${JSON.stringify(expected)}`);
  if (JSON.stringify(expected) !== JSON.stringify(actual)) pair.fail(`scan walk ${JSON.stringify(argv)}`, expected, actual);
}

/**
 * Redis keeps an encoding a value once grew into (it never converts back) and marks strings edited
 * in place `raw`: the keyspace computes encodings from the value, so these answers may differ.
 */
const HISTORY_DEPENDENT = new Set(['embstr>raw', 'int>raw', 'int>embstr', 'listpack>hashtable', 'intset>hashtable', 'listpack>skiplist']);

/**
 * OBJECT: errors, HELP and nil exactly; ENCODING exactly or within {@link HISTORY_DEPENDENT};
 * IDLETIME any non-negative number (the keyspace keeps no access clock); REFCOUNT exactly, or 1
 * where the keyspace sees a shared small integer that Redis built in place.
 */
export async function runObject(pair: ComparisonPair, argv: readonly string[]): Promise<void> {
  const [expected, actual] = await callBoth(pair, argv);
  if (JSON.stringify(expected) === JSON.stringify(actual) || isError(expected)) {
    if (JSON.stringify(expected) !== JSON.stringify(actual)) pair.fail(`OBJECT ${JSON.stringify(argv)}`, expected, actual);
    return;
  }
  const subcommand = argv[1]!.toLowerCase();
  const tolerated =
    (subcommand === 'encoding' && HISTORY_DEPENDENT.has(`${String(actual)}>${String(expected)}`)) ||
    (subcommand === 'idletime' && typeof expected === 'number' && typeof actual === 'number' && actual >= 0) ||
    (subcommand === 'refcount' && expected === 1 && actual === 2147483647);
  if (!tolerated) pair.fail(`OBJECT ${JSON.stringify(argv)}`, expected, actual);
}
