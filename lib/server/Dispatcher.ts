import { performance } from 'node:perf_hooks';
import type { ByteString } from '../keyspace/byteString.js';
import type { CommandSpecification, Reply } from '../keyspace/commandTable.js';
import { unknownCommandMessage } from '../keyspace/commands/errorText.js';
import { ReplyError, ReplyErrors } from '../keyspace/ReplyError.js';
import { blockClient } from './blockClient.js';
import type { Client } from './Client.js';
import { shapeOf } from './resolveCommand.js';
import type { CommandRunner, ResolvedCommand, ServerCommand, ServerContext } from './ServerCommand.js';
import type { RequestDecision } from './RequestFilter.js';
import { commandName } from './subcommands.js';
import { writeReply } from './writeReply.js';

const SUBSCRIBED_ALLOWED = new Set(['subscribe', 'ssubscribe', 'psubscribe', 'unsubscribe', 'sunsubscribe', 'punsubscribe', 'ping', 'quit', 'reset']);

/** `unknown subcommand` for a container command whose subcommand does not exist, as Redis's lookup answers it. */
function unknownSubcommandMessage(resolved: ResolvedCommand | undefined, argv: readonly ByteString[]): string | undefined {
  const table = resolved?.kind === 'server' ? resolved.command.subcommands : undefined;
  if (table === undefined || argv.length < 2 || table.find(argv[1]!) !== undefined) return undefined;
  return `ERR unknown subcommand '${argv[1]}'. Try ${table.container.toUpperCase()} HELP.`;
}

/** The counters a command's accounting compares with, read before it runs. */
interface Before {
  readonly mark: number;
  readonly errors: number;
  readonly nested: number;
  readonly offset: number;
}

/**
 * Runs a client's commands in Redis's order of checks: lookup and arity, authentication, RESP2
 * subscribed mode, MULTI queueing, then the command; afterwards serves clients blocked on keys the
 * command made ready, and applies CLIENT REPLY.
 *
 * @example
 * ```ts
 * dispatcher.execute(client, ['GET', 'k']);
 * ```
 */
export class Dispatcher implements CommandRunner {
  /** When the running command started: the end of the previous one in the same batch (one clock read per command). */
  private mark = performance.now();
  /** Error replies written by commands run inside EXEC (EXEC is not charged with them). */
  private nestedErrors = 0;

  constructor(private readonly server: ServerContext) {}

  /** A client starts running a batch of buffered requests. */
  beginBatch(): void {
    this.mark = performance.now();
  }

  /** Runs one request of a client. */
  execute(client: Client, argv: ByteString[]): void | Promise<void> {
    const mark = client.writer.length;
    const replyMode = client.replyMode;
    const resolved = this.server.commands.resolve(argv[0]!);
    const name = resolved === undefined ? argv[0]!.toLowerCase() : commandName(resolved, argv);
    let pending: void | Promise<void> = undefined;
    try {
      pending = this.dispatch(client, name, argv, resolved);
    } catch (error) {
      // A defect in one command answers that client; the server keeps serving everyone.
      client.writer.error(`ERR internal error in '${name}': ${(error as Error).message}`);
    } finally {
      this.server.blocking.serveReady();
    }
    // CLIENT REPLY OFF drops replies until ON; SKIP drops the next command's reply only.
    if ((replyMode === 'off' && client.replyMode !== 'on') || replyMode === 'skip') client.writer.truncate(mark);
    if (replyMode === 'skip' && client.replyMode === 'skip') client.replyMode = 'on';
    return pending;
  }

  private dispatch(client: Client, name: string, argv: ByteString[], resolved: ResolvedCommand | undefined): void | Promise<void> {
    const unknownSubcommand = unknownSubcommandMessage(resolved, argv);
    let error = unknownSubcommand ?? this.rejection(client, name, argv, resolved);
    const decision = error === undefined ? this.server.requestFilter?.(client, argv) : undefined;
    if (decision !== undefined && decision.kind !== 'run') {
      if (decision.kind !== 'error' || name === 'exec') return this.filtered(client, argv, decision);
      error = decision.message;
    }
    if (error !== undefined) {
      if (client.transaction !== null && !(resolved?.kind === 'server' && resolved.command.flags.includes('control'))) client.transaction.aborted = true;
      // An unknown command or subcommand has no stats of its own (Redis lists none).
      if (resolved !== undefined && unknownSubcommand === undefined) this.server.stats.command(name).rejected++;
      if (name !== 'exec') return client.writer.error(error);
      // A rejected EXEC discards the transaction, as Redis's execCommandAbort.
      client.transaction = null;
      this.server.watches.unwatch(client);
      return client.writer.error(`EXECABORT Transaction discarded because of: ${error.replace(/^ERR /, '')}`);
    }
    if (client.transaction !== null && !(resolved!.kind === 'server' && resolved!.command.flags.includes('control'))) {
      client.transaction.queue.push(argv);
      client.writer.simple('QUEUED');
      return;
    }
    return this.call(client, name, argv, resolved!, false);
  }

  /**
   * A request the extension's filter did not let run: a reply sent instead, a wait (then the same
   * request again), or an error for EXEC, which discards the transaction and answers the error
   * itself (Redis's cluster check of EXEC: MOVED or CROSSSLOT, not EXECABORT).
   */
  private filtered(client: Client, argv: ByteString[], decision: Exclude<RequestDecision, { kind: 'run' }>): void | Promise<void> {
    if (decision.kind === 'reply') return writeReply(client.writer, decision.reply, 'bulk');
    if (decision.kind === 'wait') {
      const again = () => this.execute(client, argv);
      return decision.until.then(again, again);
    }
    if (client.transaction !== null) {
      client.transaction = null;
      this.server.watches.unwatch(client);
    }
    this.server.stats.command('exec').rejected++;
    client.writer.error(decision.message);
  }

  /** Redis's pre-execution checks; the error text, or undefined when the command may run. */
  private rejection(client: Client, name: string, argv: ByteString[], resolved: ResolvedCommand | undefined): string | undefined {
    if (resolved === undefined) return unknownCommandMessage(argv);
    const arity = resolved.kind === 'server' ? (resolved.command.subcommands?.find(argv[1] ?? '')?.arity ?? resolved.command.arity) : resolved.command.arity;
    if ((arity > 0 && argv.length !== arity) || argv.length < -arity) return ReplyErrors.arity(name).message;
    if (!client.authenticated && !(resolved.kind === 'server' && resolved.command.flags.includes('noauth'))) return 'NOAUTH Authentication required.';
    if (client.writer.protocol === 2 && client.subscribed && !SUBSCRIBED_ALLOWED.has(name)) {
      return `ERR Can't execute '${name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`;
    }
    return undefined;
  }

  /** Runs a checked command now (EXEC runs its queue through here with `inTransaction`). */
  call(client: Client, name: string, argv: ByteString[], resolved: ResolvedCommand, inTransaction: boolean): void | Promise<void> {
    const before: Before = { mark: this.mark, errors: this.server.stats.errorReplies, nested: this.nestedErrors, offset: this.server.replication.leader.stream.offset };
    client.lastCommand = name;
    this.server.current = name;
    let pending: void | Promise<void> = undefined;
    try {
      pending =
        resolved.kind === 'server' ? this.serverCommand(client, resolved.command, argv, inTransaction) : this.keyspaceCommand(client, argv, resolved.command, inTransaction);
      return pending;
    } finally {
      this.server.current = null;
      this.account(client, name, argv, before, inTransaction, pending);
    }
  }

  /** What a command did, counted once it ran: commandstats, its failure, the client's write offset, the slow log. */
  private account(client: Client, name: string, argv: ByteString[], before: Before, inTransaction: boolean, pending: void | Promise<void>): void {
    const { stats, replication } = this.server;
    stats.commandsProcessed++;
    // Looked up now: CONFIG RESETSTAT counts itself in the fresh stats, as Redis.
    const command = stats.command(name);
    command.calls++;
    this.mark = performance.now();
    const durationUs = (this.mark - before.mark) * 1000;
    command.usec += durationUs;
    // A command failed if it answered an error itself: EXEC is not charged with its commands' errors.
    const errors = stats.errorReplies - before.errors;
    if (errors > this.nestedErrors - before.nested) command.failed++;
    if (inTransaction) this.nestedErrors += errors;
    // WAIT waits for the replication offset of the client's own last write (Redis's c->woff).
    const offset = replication.leader.stream.offset;
    if (offset !== before.offset) client.writeOffset = offset;
    this.logIfSlow(client, name, argv, durationUs, pending);
  }

  /**
   * Offers a command to the slow log, as Redis: EXEC (its commands are logged one by one) and QUIT
   * never; a command that blocked its client once the block ends (the wait itself not counted).
   */
  private logIfSlow(client: Client, name: string, argv: ByteString[], durationUs: number, pending: void | Promise<void>): void {
    if (name === 'exec' || name === 'quit') return;
    const { slowLog } = this.server;
    if (pending !== undefined && this.server.blocking.isBlocked(client)) void pending.then(() => slowLog.record(argv, durationUs, client));
    else slowLog.record(argv, durationUs, client);
  }

  /** Runs a server command (or an extension's); a ReplyError it throws is its error reply. */
  private serverCommand(client: Client, command: ServerCommand, argv: ByteString[], inTransaction: boolean): void | Promise<void> {
    try {
      return command.run({ server: this.server, client, args: argv, inTransaction });
    } catch (error) {
      if (!(error instanceof ReplyError)) throw error;
      client.writer.error(error.message);
    }
  }

  /**
   * Runs a keyspace command and writes its reply. A `blocking` command the keyspace answers with
   * its timeout reply (null) blocks the client instead, outside MULTI; woken, it runs again and
   * stays blocked while it still finds nothing (or an error, such as a key of the wrong type).
   */
  private keyspaceCommand(client: Client, argv: ByteString[], command: CommandSpecification, inTransaction: boolean): void | Promise<void> {
    const mayBlock = command.blocking !== undefined && !inTransaction;
    if (this.attempt(client, argv, command, mayBlock, false)) return;
    return blockClient(this.server.blocking, client, command, argv, () => this.attempt(client, argv, command, true, true));
  }

  /** One run of a keyspace command; false when it found nothing to serve and the client should (stay) blocked. */
  private attempt(client: Client, argv: ByteString[], command: CommandSpecification, mayBlock: boolean, retry: boolean): boolean {
    let reply: Reply;
    try {
      reply = client.session.run(command, argv);
    } catch (error) {
      const known = error instanceof ReplyError;
      if (!known && !retry) throw error;
      // Woken: a reply error (WRONGTYPE) keeps the client blocked; a defect answers it, and only it.
      if (known && retry) return false;
      client.writer.error(known ? error.message : `ERR internal error in '${command.name}': ${(error as Error).message}`);
      return true;
    }
    if (reply === null && mayBlock) return false;
    writeReply(client.writer, reply, shapeOf(command, argv));
    return true;
  }
}
