import type { ByteString } from '../keyspace/byteString.js';

/** Most arguments an entry keeps (the last kept one says how many more there were), as Redis. */
const MAX_ARGUMENTS = 32;
/** Longest argument an entry keeps, in bytes (the rest is counted), as Redis. */
const MAX_ARGUMENT_BYTES = 128;

/** One SLOWLOG GET entry: id, unix seconds, µs, arguments, client address, client name. */
export type SlowLogEntry = [id: number, time: number, durationUs: number, argv: string[], address: string, name: string];

/** What a slow log keeps (CONFIG SET changes it at run time, through {@link SlowLog.configure}). */
export interface SlowLogSettings {
  /** `slowlog-log-slower-than`, µs: a command that ran at least this long is kept; negative: none. */
  readonly slowerThanUs: number;
  /** `slowlog-max-len`: entries kept, the oldest dropped first. */
  readonly maxLength: number;
}

/**
 * Redis's slow log: the latest commands whose execution (not their I/O, not a block's wait) took
 * at least `slowlog-log-slower-than` µs, newest first, with Redis's argument limits (32 arguments,
 * 128 bytes each) and secrets redacted (AUTH, HELLO's AUTH, CONFIG SET of a password).
 *
 * @example
 * ```ts
 * const log = new SlowLog({ slowerThanUs: 0, maxLength: 128 });
 * log.record(['GET', 'k'], 12, { address: '127.0.0.1:5000', name: '' });
 * log.get(10); // [[0, 1700000000, 12, ['GET', 'k'], '127.0.0.1:5000', '']]
 * ```
 */
export class SlowLog {
  /** Oldest first, from `first` on (dropping the oldest is O(1): a long log costs no more per command). */
  private entries: SlowLogEntry[] = [];
  private first = 0;
  private nextId = 0;

  /** @param clock ms since the epoch (read only for a command that is kept). */
  constructor(
    private settings: SlowLogSettings,
    private readonly clock: () => number = Date.now,
  ) {}

  configure(settings: SlowLogSettings): void {
    this.settings = settings;
    this.trim();
  }

  get length(): number {
    return this.entries.length - this.first;
  }

  /** Keeps the command if it ran long enough. */
  record(argv: readonly ByteString[], durationUs: number, client: { readonly address: string; readonly name: string }): void {
    const { slowerThanUs } = this.settings;
    if (slowerThanUs < 0 || durationUs < slowerThanUs) return;
    this.entries.push([this.nextId++, Math.floor(this.clock() / 1000), Math.floor(durationUs), loggedArguments(argv), client.address, client.name]);
    this.trim();
  }

  /** The newest `count` entries, newest first (all of them for -1). */
  get(count: number): SlowLogEntry[] {
    const newest: SlowLogEntry[] = [];
    const last = count < 0 ? this.first : Math.max(this.first, this.entries.length - count);
    for (let index = this.entries.length - 1; index >= last; index--) newest.push(this.entries[index]!);
    return newest;
  }

  reset(): void {
    this.entries = [];
    this.first = 0;
  }

  /** Drops the oldest entries past `slowlog-max-len`; compacts once most of the array is dropped. */
  private trim(): void {
    this.first = Math.max(this.first, this.entries.length - this.settings.maxLength);
    if (this.first > 1024 && this.first * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.first);
      this.first = 0;
    }
  }
}

/** The arguments as an entry keeps them: redacted, at most 32, each at most 128 bytes. */
function loggedArguments(argv: readonly ByteString[]): string[] {
  const redacted = redact(argv);
  const kept = redacted.length > MAX_ARGUMENTS ? [...redacted.slice(0, MAX_ARGUMENTS - 1), `... (${redacted.length - MAX_ARGUMENTS + 1} more arguments)`] : redacted;
  return kept.map((argument) =>
    argument.length > MAX_ARGUMENT_BYTES ? `${argument.slice(0, MAX_ARGUMENT_BYTES)}... (${argument.length - MAX_ARGUMENT_BYTES} more bytes)` : argument,
  );
}

/** Configuration directives whose value CONFIG SET hides in the slow log (Redis's sensitive ones). */
const SENSITIVE_DIRECTIVES = new Set(['requirepass', 'masterauth', 'masteruser']);

/** Replaces secrets with `(redacted)`, as Redis: AUTH's arguments, HELLO's AUTH pair, a password set by CONFIG SET. */
function redact(argv: readonly ByteString[]): readonly ByteString[] {
  const name = argv[0]!.toLowerCase();
  if (name === 'auth') return argv.map((argument, index) => (index === 0 ? argument : '(redacted)'));
  const hidden = new Set<number>();
  if (name === 'hello') {
    argv.forEach((argument, index) => {
      if (index >= 2 && argument.toLowerCase() === 'auth') [index + 1, index + 2].forEach((secret) => hidden.add(secret));
    });
  } else if (name === 'config' && argv[1]?.toLowerCase() === 'set') {
    for (let index = 2; index + 1 < argv.length; index += 2) if (SENSITIVE_DIRECTIVES.has(argv[index]!.toLowerCase())) hidden.add(index + 1);
  }
  return hidden.size === 0 ? argv : argv.map((argument, index) => (hidden.has(index) ? '(redacted)' : argument));
}
