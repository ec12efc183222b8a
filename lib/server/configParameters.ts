/** A parameter's value as the server uses it. */
export type ParameterValue = string | number;

/** One configuration directive: name, default, how its text is read and written back. */
export interface ConfigParameter {
  readonly name: string;
  /** Old names that still work (`hash-max-ziplist-entries`). */
  readonly aliases?: readonly string[];
  readonly defaultValue: ParameterValue;
  /** Reads a value (given the current one); throws an Error whose message is Redis's reason (`argument must be …`). */
  readonly parse: (text: string, previous: ParameterValue) => ParameterValue;
  /** False: only at start (config file, flags, options). */
  readonly mutable: boolean;
  /** What the parameter means, for the README table. */
  readonly description: string;
}

const MEMORY_UNITS: Record<string, number> = { '': 1, b: 1, k: 1000, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3 };

/** Redis's memtoull: `512mb`, `1gb`, `64k`, plain bytes. */
function parseMemory(text: string): bigint {
  const match = /^(\d+)([a-z]*)$/i.exec(text.trim());
  const unit = match === null ? undefined : MEMORY_UNITS[match[2]!.toLowerCase()];
  if (match === null || unit === undefined) throw new Error('argument must be a memory value');
  return BigInt(match[1]!) * BigInt(unit);
}

/** A whole number as a parameter value: a number, or its decimal text beyond 2^53 (`LLONG_MAX`). */
function wholeValue(value: bigint): ParameterValue {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

function checkRange(value: bigint, min: bigint, max: bigint): ParameterValue {
  if (value < min || value > max) throw new Error(`argument must be between ${min} and ${max} inclusive`);
  return wholeValue(value);
}

/** Redis's string2ll: an optional minus and digits, no sign on zero, no leading zero or space, within 64 bits. */
function parseInteger(text: string): bigint {
  const value = /^(0|-?[1-9]\d*)$/.test(text) ? BigInt(text) : null;
  if (value === null || value > MAX_LONG || value < -MAX_LONG - 1n) throw new Error("argument couldn't be parsed into an integer");
  return value;
}

function integer(min: number | bigint, max: number | bigint) {
  return (text: string): ParameterValue => checkRange(parseInteger(text), BigInt(min), BigInt(max));
}

function memory(min: number | bigint, max: number | bigint) {
  return (text: string): ParameterValue => checkRange(parseMemory(text), BigInt(min), BigInt(max));
}

function oneOf(...accepted: string[]) {
  return (text: string): string => {
    const value = text.toLowerCase();
    if (!accepted.includes(value)) throw new Error(`argument(s) must be one of the following: ${accepted.join(', ')}`);
    return value;
  };
}

const text = (value: string): string => value;

/** `save`: empty, or pairs of "seconds changes". */
function parseSaveRules(value: string): string {
  const words = value
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');
  if (words.length % 2 !== 0 || words.some((word) => !/^\d+$/.test(word))) throw new Error('Invalid save parameters');
  return words.join(' ');
}

/** One class's output buffer limit (bytes, bytes, seconds). */
export interface OutputLimit {
  readonly hard: number;
  readonly soft: number;
  readonly seconds: number;
}

/** The classes of `client-output-buffer-limit` in Redis's order, with the names CONFIG GET shows. */
const OUTPUT_CLASSES = [
  ['normal', 'normal'],
  ['replica', 'slave'],
  ['pubsub', 'pubsub'],
] as const;

const CLASS_NAMES: Record<string, string> = { normal: 'normal', replica: 'replica', slave: 'replica', pubsub: 'pubsub' };

/**
 * Reads "class hard soft seconds" groups ("" is none), checking each word in order as Redis does
 * (all three numbers with memtoull) and failing with its reason at the first bad one.
 */
function readOutputLimits(value: string): [string, OutputLimit][] {
  const words = value.split(/\s+/).filter((word) => word !== '');
  if (words.length % 4 !== 0) throw new Error('Wrong number of arguments in buffer limit configuration.');
  const groups: [string, OutputLimit][] = [];
  for (let index = 0; index < words.length; index += 4) {
    const kind = CLASS_NAMES[words[index]!.toLowerCase()];
    if (kind === undefined) throw new Error('Invalid client class specified in buffer limit configuration.');
    const [hard, soft] = words.slice(index + 1, index + 3).map(outputLimitNumber) as [number, number];
    // Checked as a memory value, then read with strtoll, as Redis does (`1kb` seconds are 1).
    const seconds = (outputLimitNumber(words[index + 3]!), Number.parseInt(words[index + 3]!, 10));
    groups.push([kind, { hard, soft, seconds }]);
  }
  return groups;
}

function outputLimitNumber(word: string): number {
  try {
    return Number(parseMemory(word));
  } catch {
    throw new Error('Error in hard, soft or soft_seconds setting in buffer limit configuration.');
  }
}

/**
 * Parses `client-output-buffer-limit` ("class hard soft seconds" groups); classes without limits
 * (all zero) are left out. Throws Redis's reason for a bad value.
 *
 * @example
 * ```ts
 * parseOutputLimits('normal 0 0 0 pubsub 32mb 8mb 60').get('pubsub'); // { hard: 33554432, soft: 8388608, seconds: 60 }
 * ```
 */
export function parseOutputLimits(value: string): Map<string, OutputLimit> {
  return new Map(readOutputLimits(value).filter(([, limit]) => limit.hard > 0 || limit.soft > 0));
}

/** CONFIG SET client-output-buffer-limit: the given classes change, the others keep `previous`; Redis's canonical text. */
function setOutputLimits(value: string, previous: ParameterValue): string {
  const changes = readOutputLimits(value);
  const limits = new Map([...readOutputLimits(String(previous)), ...changes]);
  return OUTPUT_CLASSES.map(([kind, shown]) => {
    const { hard, soft, seconds } = limits.get(kind) ?? { hard: 0, soft: 0, seconds: 0 };
    return `${shown} ${hard} ${soft} ${seconds}`;
  }).join(' ');
}

const EVENT_CLASSES = 'g$lshzxetd';

/** `notify-keyspace-events`: Redis's letters, written back in Redis's canonical order (`AKE`). */
function parseNotifyFlags(value: string): string {
  if (!/^[KEg$lshzxetdmnA]*$/.test(value)) throw new Error("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
  const classes = value.includes('A') ? EVENT_CLASSES : value;
  const all = [...EVENT_CLASSES].every((letter) => classes.includes(letter));
  const kept = all ? 'A' : [...`${EVENT_CLASSES}n`].filter((letter) => value.includes(letter)).join('');
  return kept + ['K', 'E', 'm'].filter((letter) => value.includes(letter)).join('');
}

const MAX_INT = 2 ** 31 - 1;
/** LLONG_MAX (and LONG_MAX on 64-bit): Redis's bound of `long long` and `time_t` directives. */
const MAX_LONG = 2n ** 63n - 1n;

/** A parsed whole number raised to `minimum` (Redis's repl-backlog-size never goes below 16 KiB). */
function atLeast(value: ParameterValue, minimum: number): ParameterValue {
  return typeof value === 'number' && value < minimum ? minimum : value;
}

/** `replicaof`: empty, or "host port". */
function parseReplicaOf(value: string): string {
  if (value.trim() === '') return '';
  parseMasterAddress(value);
  return value.trim().split(/\s+/).join(' ');
}

/**
 * The master of a `replicaof` value ("host port"), null when empty; throws Redis's reason for a
 * bad one.
 *
 * @example
 * ```ts
 * parseMasterAddress('127.0.0.1 6379'); // { host: '127.0.0.1', port: 6379 }
 * ```
 */
export function parseMasterAddress(value: string): { host: string; port: number } | null {
  const words = value
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');
  if (words.length === 0) return null;
  if (words.length !== 2) throw new Error('wrong number of arguments: "host port" expected');
  return { host: words[0]!, port: Number(integer(1, 65535)(words[1]!)) };
}

/** Every directive the server understands, with redis-server's names and defaults. */
export const CONFIG_PARAMETERS: readonly ConfigParameter[] = [
  { name: 'bind', defaultValue: '127.0.0.1', parse: text, mutable: false, description: 'address to listen on (`host` in the API)' },
  { name: 'port', defaultValue: 6379, parse: integer(0, 65535), mutable: false, description: 'TCP port; 0 picks a free one' },
  { name: 'databases', defaultValue: 16, parse: integer(1, MAX_INT), mutable: false, description: 'number of databases of a keyspace the server creates' },
  { name: 'requirepass', defaultValue: '', parse: text, mutable: true, description: 'password of the default user; empty: no AUTH needed' },
  { name: 'dir', defaultValue: '.', parse: text, mutable: true, description: 'directory of the snapshot file' },
  { name: 'dbfilename', defaultValue: 'dump.fkl', parse: text, mutable: true, description: 'snapshot file name, loaded at start and written by SAVE/BGSAVE/SHUTDOWN' },
  {
    name: 'save',
    defaultValue: '3600 1 300 100 60 10000',
    parse: parseSaveRules,
    mutable: true,
    description: '"seconds changes" pairs: BGSAVE when both are reached; empty: never',
  },
  { name: 'appendonly', defaultValue: 'no', parse: oneOf('no'), mutable: true, description: 'accepted for compatibility; only `no` (there is no AOF)' },
  {
    name: 'cluster-enabled',
    defaultValue: 'no',
    parse: oneOf('yes', 'no'),
    mutable: false,
    description: 'cluster mode: CLUSTER commands, MOVED/CROSSSLOT routing, slot migration (README, "Cluster mode")',
  },
  {
    name: 'cluster-migration-import-percent',
    defaultValue: 50,
    parse: integer(1, 100),
    mutable: true,
    description: "largest percentage of wall time a slot migration's target spends applying the stream (the source follows its pace)",
  },
  {
    name: 'slowlog-log-slower-than',
    defaultValue: 10000,
    parse: integer(-1, MAX_LONG),
    mutable: true,
    description: 'µs a command must run to enter the slow log (SLOWLOG GET); 0: every command; -1: none',
  },
  { name: 'slowlog-max-len', defaultValue: 128, parse: integer(0, MAX_LONG), mutable: true, description: 'entries the slow log keeps, the oldest dropped first' },
  { name: 'maxclients', defaultValue: 10000, parse: integer(1, MAX_INT), mutable: true, description: 'connections beyond it get `-ERR max number of clients reached`' },
  {
    name: 'timeout',
    defaultValue: 0,
    parse: integer(0, MAX_INT),
    mutable: true,
    description: 'seconds of idleness before a client is closed; 0: never (not pub/sub or blocked clients)',
  },
  { name: 'proto-max-bulk-len', defaultValue: 512 * 1024 ** 2, parse: memory(1024 * 1024, MAX_LONG), mutable: true, description: 'longest bulk string in a request' },
  {
    name: 'client-query-buffer-limit',
    defaultValue: 1024 ** 3,
    parse: memory(1024 * 1024, MAX_LONG),
    mutable: true,
    description: 'unparsed request bytes per client before it is closed',
  },
  {
    name: 'client-output-buffer-limit',
    defaultValue: 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
    parse: setOutputLimits,
    mutable: true,
    description: '"class hard soft seconds" for `normal`, `replica` and `pubsub` clients: a client over hard, or over soft for seconds, is closed',
  },
  { name: 'notify-keyspace-events', defaultValue: '', parse: parseNotifyFlags, mutable: true, description: 'keyspace notification classes, as Redis (`KEA`, `Kx`, …)' },
  {
    name: 'hash-max-listpack-entries',
    aliases: ['hash-max-ziplist-entries'],
    defaultValue: 128,
    parse: integer(0, MAX_LONG),
    mutable: true,
    description: 'encoding threshold, reported only',
  },
  {
    name: 'hash-max-listpack-value',
    aliases: ['hash-max-ziplist-value'],
    defaultValue: 64,
    parse: integer(0, MAX_LONG),
    mutable: true,
    description: 'encoding threshold, reported only',
  },
  { name: 'set-max-intset-entries', defaultValue: 512, parse: integer(0, MAX_LONG), mutable: true, description: 'encoding threshold, reported only' },
  {
    name: 'zset-max-listpack-entries',
    aliases: ['zset-max-ziplist-entries'],
    defaultValue: 128,
    parse: integer(0, MAX_LONG),
    mutable: true,
    description: 'encoding threshold, reported only',
  },
  {
    name: 'zset-max-listpack-value',
    aliases: ['zset-max-ziplist-value'],
    defaultValue: 64,
    parse: integer(0, MAX_LONG),
    mutable: true,
    description: 'encoding threshold, reported only',
  },
  {
    name: 'list-max-listpack-size',
    aliases: ['list-max-ziplist-size'],
    defaultValue: -2,
    parse: integer(-5, MAX_INT),
    mutable: true,
    description: 'encoding threshold, reported only',
  },
  { name: 'list-compress-depth', defaultValue: 0, parse: integer(0, MAX_INT), mutable: true, description: 'list compression depth, reported only' },
  {
    name: 'replicaof',
    aliases: ['slaveof'],
    defaultValue: '',
    parse: parseReplicaOf,
    mutable: false,
    description: '"host port" of a Redis master to follow from the start (read-only while following); empty: a master; immutable, as in Redis (REPLICAOF at run time)',
  },
  { name: 'masterauth', defaultValue: '', parse: text, mutable: true, description: 'password sent with AUTH to the master (from the next connection to it)' },
  {
    name: 'repl-ping-replica-period',
    aliases: ['repl-ping-slave-period'],
    defaultValue: 10,
    parse: integer(1, MAX_INT),
    mutable: true,
    description: 'seconds between the PINGs sent to replicas',
  },
  {
    name: 'repl-backlog-size',
    defaultValue: 1024 * 1024,
    parse: (value) => atLeast(memory(1, MAX_LONG)(value), 16 * 1024),
    mutable: true,
    description: 'bytes of stream kept for partial resyncs (at least 16384, as Redis); a change resizes the live backlog, keeping the newest bytes',
  },
  {
    name: 'repl-backlog-ttl',
    defaultValue: 3600,
    parse: integer(0, MAX_LONG),
    mutable: true,
    description: 'seconds without replicas after which the backlog is freed (and the replication id changes); 0: never',
  },
  {
    name: 'repl-timeout',
    defaultValue: 60,
    parse: integer(1, MAX_INT),
    mutable: true,
    description: 'seconds of silence after which a replica (or the master) link is dropped',
  },
];

/**
 * Finds a parameter by name or alias (case-insensitive).
 *
 * @example
 * ```ts
 * findParameter('hash-max-ziplist-entries')?.name; // 'hash-max-listpack-entries'
 * ```
 */
export function findParameter(name: string): ConfigParameter | undefined {
  const lower = name.toLowerCase();
  return CONFIG_PARAMETERS.find((parameter) => parameter.name === lower || parameter.aliases?.includes(lower));
}
