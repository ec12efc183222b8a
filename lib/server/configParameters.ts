import { MAX_TIMER_MS } from '../optionRules.js';

/** A parameter's value as the server uses it. */
export type ParameterValue = string | number;

/** One configuration directive: name, default, how its text is read and written back. */
export interface ConfigParameter {
  readonly name: string;
  /** Old names that still work (`hash-max-ziplist-entries`). */
  readonly aliases?: readonly string[];
  readonly defaultValue: ParameterValue;
  /** Reads a value; throws an Error whose message is Redis's reason (`argument must be …`). */
  readonly parse: (text: string) => ParameterValue;
  /** False: only at start (config file, flags, options). */
  readonly mutable: boolean;
  /** What the parameter means, for the README table. */
  readonly description: string;
}

const MEMORY_UNITS: Record<string, number> = { '': 1, b: 1, k: 1000, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3 };

/** Redis's memtoull: `512mb`, `1gb`, `64k`, plain bytes. */
function parseMemory(text: string): number {
  const match = /^(\d+)([a-z]*)$/i.exec(text.trim());
  const unit = match === null ? undefined : MEMORY_UNITS[match[2]!.toLowerCase()];
  if (match === null || unit === undefined) throw new Error('argument must be a memory value');
  return Number(match[1]) * unit;
}

function integer(min: number, max: number) {
  return (text: string): number => {
    if (!/^-?\d+$/.test(text.trim())) throw new Error("argument couldn't be parsed into an integer");
    const value = Number(text);
    if (value < min || value > max) throw new Error(`argument must be between ${min} and ${max} inclusive`);
    return value;
  };
}

function memory(min: number, max: number) {
  return (text: string): number => {
    const value = parseMemory(text);
    if (value < min || value > max) throw new Error(`argument must be between ${min} and ${max} inclusive`);
    return value;
  };
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
  const words = value.trim().split(/\s+/);
  if (words.length % 4 !== 0) throw new Error('Wrong number of arguments in buffer limit configuration.');
  const limits = new Map<string, OutputLimit>();
  for (let index = 0; index < words.length; index += 4) {
    const kind = words[index]!.toLowerCase();
    if (!['normal', 'replica', 'slave', 'pubsub'].includes(kind)) throw new Error('Invalid client class specified in buffer limit configuration.');
    const limit = { hard: parseMemory(words[index + 1]!), soft: parseMemory(words[index + 2]!), seconds: integer(0, 2 ** 31)(words[index + 3]!) };
    if (limit.hard > 0 || limit.soft > 0) limits.set(kind === 'slave' ? 'replica' : kind, limit);
  }
  return limits;
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
const MAX_LONG = Number.MAX_SAFE_INTEGER;
const MAX_TIMER_SECONDS = Math.floor(MAX_TIMER_MS / 1000);

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
  return { host: words[0]!, port: integer(1, 65535)(words[1]!) };
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
    defaultValue: 'normal 0 0 0 replica 256mb 64mb 60 pubsub 32mb 8mb 60',
    parse: (value) => (parseOutputLimits(value), value.trim()),
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
    description: '"host port" of a Redis master to follow from the start (read-only while following); empty: a master',
  },
  { name: 'masterauth', defaultValue: '', parse: text, mutable: false, description: 'password sent with AUTH to the master while following one' },
  {
    name: 'repl-ping-replica-period',
    aliases: ['repl-ping-slave-period'],
    defaultValue: 10,
    parse: integer(1, MAX_TIMER_SECONDS),
    mutable: false,
    description: 'seconds between the PINGs sent to replicas',
  },
  { name: 'repl-backlog-size', defaultValue: 1024 * 1024, parse: memory(16 * 1024, MAX_LONG), mutable: false, description: 'bytes of stream kept for partial resyncs' },
  {
    name: 'repl-backlog-ttl',
    defaultValue: 3600,
    parse: integer(0, MAX_TIMER_SECONDS),
    mutable: false,
    description: 'seconds without replicas after which the backlog is freed (and the replication id changes); 0: never',
  },
  {
    name: 'repl-timeout',
    defaultValue: 60,
    parse: integer(1, MAX_TIMER_SECONDS),
    mutable: false,
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
