import type { Server as NetServer, Socket } from 'node:net';
import type { SchedulerAction, SchedulerLike, Subscription } from 'rxjs';
import { toByteString, type ByteString } from '../keyspace/byteString.js';
import { commandTable } from '../keyspace/commands/index.js';
import type { Keyspace } from '../keyspace/Keyspace.js';
import type { ReplicationRecord } from '../keyspace/KeyspaceListener.js';
import type { RedisReplication } from '../replication/redis/RedisReplication.js';
import { BlockingRegistry } from './BlockingRegistry.js';
import { Client, type ClientHost } from './Client.js';
import { Dispatcher } from './Dispatcher.js';
import { CommandResolver } from './resolveCommand.js';
import type { ServerContext, ServerRates } from './ServerCommand.js';
import type { RequestFilter } from './RequestFilter.js';
import type { ServerExtension, ServerExtensionFactory } from './ServerExtension.js';
import { SERVER_COMMANDS } from './serverCommands.js';
import { keyspaceEvents } from './keyspaceEvents.js';
import { peekKey } from './peekKey.js';
import { Persistence } from './Persistence.js';
import { PubSub } from './PubSub.js';
import type { ServerConfig } from './ServerConfig.js';
import { parseOutputLimits, type OutputLimit } from './configParameters.js';
import { InstantaneousMetric } from './InstantaneousMetric.js';
import { ServerStats } from './ServerStats.js';
import { SlowLog, type SlowLogSettings } from './SlowLog.js';
import { serverReplication } from './serverReplication.js';
import { WatchRegistry } from './WatchRegistry.js';

const CRON_MS = 1000;
/** How often the instantaneous metrics are sampled (Redis's serverCron: every 100 ms). */
const SAMPLE_MS = 100;
const ALL_CLASSES = 'g$lshzxetd';

/**
 * A running RESP server over a keyspace (see {@link startServer}): its clients, pub/sub, watches,
 * blocked clients, persistence and statistics. `close()` stops it without saving; `shutdown()`
 * saves first when save rules are configured (or when asked), as SHUTDOWN does.
 *
 * @example
 * ```ts
 * const server = await startServer({ port: 0, save: '' });
 * console.log(server.port, server.keyspace.dbsize());
 * await server.close();
 * ```
 */
export class Server implements ClientHost, ServerContext {
  readonly clients = new Map<number, Client>();
  readonly pubsub = new PubSub();
  readonly watches: WatchRegistry<Client>;
  readonly blocking: BlockingRegistry<Client>;
  readonly stats = new ServerStats();
  readonly slowLog: SlowLog;
  readonly rates: ServerRates;
  readonly persistence: Persistence;
  /** Redis replication: replicas attach with PSYNC; REPLICAOF follows a master. */
  readonly replication: RedisReplication;
  readonly dispatcher: Dispatcher = new Dispatcher(this);
  commands = new CommandResolver(SERVER_COMMANDS);
  /** The layer plugged in by {@link Server.extend} (cluster mode). */
  extension: ServerExtension | undefined;
  requestFilter: RequestFilter | undefined;
  /** The config file the server was started with (CONFIG REWRITE writes it). */
  configFile: string | undefined;
  readonly startedAt: number;
  /** Name of the command running now (null between commands): tells expiry DELs from DEL commands. */
  current: string | null = null;
  private nextClientId = 1;
  private closedBytes = { input: 0, output: 0 };
  /** Clients whose replies leave at the end of this event-loop pass ({@link Server.flushLater}). */
  private readonly replying: Client[] = [];
  private readonly subscriptions: Subscription[] = [];
  private closing: Promise<void> | null = null;
  private resolveClosed!: () => void;
  /** Resolves once the server has closed (close(), SHUTDOWN). */
  readonly closed = new Promise<void>((resolve) => (this.resolveClosed = resolve));
  private limits: Map<string, OutputLimit> | null = null;

  constructor(
    readonly keyspace: Keyspace,
    readonly config: ServerConfig,
    readonly scheduler: SchedulerLike,
    private readonly listener: NetServer,
    /** Close the keyspace (its active expiry) with the server. */
    private readonly ownsKeyspace = false,
  ) {
    this.startedAt = scheduler.now();
    this.slowLog = new SlowLog(slowLogSettings(config), () => scheduler.now());
    this.watches = new WatchRegistry(keyspace);
    this.blocking = new BlockingRegistry(scheduler);
    this.persistence = new Persistence(keyspace, config, () => scheduler.now());
    this.replication = serverReplication(keyspace, config, scheduler, this.port);
    this.subscriptions.push(keyspace.replication$.subscribe((record) => this.onRecord(record)));
    const start = scheduler.now();
    this.rates = { ops: new InstantaneousMetric(start), input: new InstantaneousMetric(start), output: new InstantaneousMetric(start) };
    this.subscriptions.push(
      this.every(CRON_MS, () => this.cron()),
      this.every(SAMPLE_MS, () => this.sampleRates()),
    );
    listener.on('connection', (socket) => this.accept(socket));
    config.onChange((name) => {
      if (name === 'client-output-buffer-limit') this.limits = null;
      if (name.startsWith('slowlog-')) this.slowLog.configure(slowLogSettings(config));
    });
  }

  /** The TCP port the server listens on. */
  get port(): number {
    const address = this.listener.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  }

  get maxBulkLength(): number {
    return this.config.number('proto-max-bulk-len');
  }

  get queryBufferLimit(): number {
    return this.config.number('client-query-buffer-limit');
  }

  /** Bytes read and written over all connections so far. */
  get netBytes(): { input: number; output: number } {
    let { input, output } = this.closedBytes;
    for (const client of this.clients.values()) {
      input += client.socket.bytesRead;
      output += client.socket.bytesWritten;
    }
    return { input, output };
  }

  now(): number {
    return this.scheduler.now();
  }

  beginBatch(): void {
    this.dispatcher.beginBatch();
  }

  /**
   * Writes the client's replies at the end of this event-loop pass, with every other client's that
   * ran requests in it (one `setImmediate` for all), as Redis writes replies before it sleeps:
   * the pass reads every ready connection first. Against a write right after each client's
   * requests, redis-benchmark's 50 clients got more throughput in every alternating pair (`-P 1`:
   * SET 20-42 %, GET 8-23 %; `-P 16`: SET 17-58 %, GET 29-55 %) and a lower `-P 1` p99.
   */
  flushLater(client: Client): void {
    if (this.replying.push(client) === 1) setImmediate(this.flushReplies);
  }

  private readonly flushReplies = (): void => {
    for (const client of this.replying.splice(0)) client.flush();
  };

  execute(client: Client, argv: ByteString[]): void | Promise<void> {
    return this.dispatcher.execute(client, argv);
  }

  errorReplied(message: string): void {
    this.stats.errorReplied(message);
  }

  /** Closes a client over its class's `client-output-buffer-limit`; true if it was closed. */
  exceedsOutputLimit(client: Client): boolean {
    const limit = this.outputLimit(client.subscribed ? 'pubsub' : 'normal');
    if (limit === undefined) return false;
    const used = client.outputBytes;
    const overSoft = limit.soft > 0 && used >= limit.soft;
    if (!overSoft) client.softLimitSince = null;
    else client.softLimitSince ??= this.now();
    const softExpired = overSoft && this.now() - client.softLimitSince! >= limit.seconds * 1000;
    if ((limit.hard > 0 && used >= limit.hard) || softExpired) {
      client.close();
      return true;
    }
    return false;
  }

  /** Plugs a layer above the server in (its commands, request filter and hooks); called once, at start. */
  extend(factory: ServerExtensionFactory): void {
    this.extension = factory(this);
    this.requestFilter = this.extension?.filter?.bind(this.extension);
    const extra = this.extension?.commands ?? [];
    if (extra.length > 0) this.commands = new CommandResolver(new Map([...SERVER_COMMANDS, ...extra.map((command) => [command.name, command] as const)]));
  }

  /** Stops listening and closes every connection, without saving. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      for (const subscription of this.subscriptions) subscription.unsubscribe();
      this.persistence.cancel();
      this.extension?.close?.();
      this.replication.close();
      for (const client of this.clients.values()) client.close();
      if (this.ownsKeyspace) this.keyspace.close();
      this.listener.close(() => {
        this.resolveClosed();
        resolve();
      });
    });
    return this.closing;
  }

  /**
   * SHUTDOWN: saves (unless `save` is false; by default only when save rules exist), then closes.
   * A background save in progress is abandoned for the final one, as Redis kills its saving child
   * (another client's SAVE is waited for). False if the save failed.
   */
  async shutdown(options: { save?: boolean } = {}): Promise<boolean> {
    const save = options.save ?? this.config.text('save') !== '';
    if (save) {
      this.persistence.abandonBackground();
      await this.persistence.settle();
      if (!(await this.persistence.save())) return false;
    }
    await this.close();
    return true;
  }

  private accept(socket: Socket): void {
    this.stats.connectionsReceived++;
    socket.on('error', () => {});
    if (this.clients.size >= this.config.number('maxclients')) {
      this.stats.rejectedConnections++;
      socket.end('-ERR max number of clients reached\r\n');
      return;
    }
    socket.setNoDelay(true);
    const client = new Client(this.nextClientId++, socket, this.keyspace.session(), this, this.config.text('requirepass') !== '');
    this.clients.set(client.id, client);
    socket.on('data', (chunk: Buffer) => client.receive(chunk));
    socket.on('close', () => this.forget(client));
  }

  /**
   * PSYNC/SYNC: the connection stops being a client (its pending replies are sent, its socket is no
   * longer read as requests) and belongs to the replication leader from now on.
   */
  handOver(client: Client, args: readonly string[]): void {
    client.flush();
    client.socket.removeAllListeners('data');
    client.socket.removeAllListeners('close');
    this.forget(client);
    this.replication.psync(client.socket, client.handshake, args);
    // A client paused for its turn (or for a slow output) is not resumed once closed: the
    // replication side now reads it, and a paused stream stays paused for its new listener.
    if (client.socket.isPaused()) client.socket.resume();
  }

  /** Drops everything a closed connection held: subscriptions, watches, block, parser state. */
  private forget(client: Client): void {
    client.closed = true;
    this.closedBytes.input += client.socket.bytesRead;
    this.closedBytes.output += client.socket.bytesWritten;
    this.clients.delete(client.id);
    this.pubsub.removeClient(client);
    this.watches.unwatch(client);
    this.blocking.unblock(client, 'gone');
    client.waiting?.cancel();
    this.extension?.clientClosed?.(client);
  }

  private onRecord(record: ReplicationRecord): void {
    this.persistence.changes++;
    const command = record.argv[0];
    if (typeof command === 'string' && command.length === 8 && command.toLowerCase() === 'flushall') this.persistence.flushedAll();
    const notify = this.config.text('notify-keyspace-events');
    if (this.watches.idle && this.blocking.size === 0 && notify === '') return;
    const argv = record.argv.map(toByteString);
    const name = argv[0]!.toLowerCase();
    if (name === 'flushdb' || name === 'flushall') {
      const dbs = name === 'flushdb' ? [record.db] : this.keyspace.databases.map((_, db) => db);
      for (const db of dbs) this.watches.flushed(db);
    } else if (name === 'swapdb') {
      this.watches.swapped(Number(argv[1]), Number(argv[2]));
    } else {
      for (const { db, key } of commandTable.get(name)?.keys(argv, record.db) ?? []) {
        this.watches.touched(db, key);
        this.blocking.touched(db, key);
      }
    }
    if (notify !== '') this.notify(notify, argv, record.db);
    // A write from outside any client command (active expiry, the embedding application): serve waiters now.
    if (this.current === null && this.blocking.size > 0) queueMicrotask(() => this.blocking.serveReady());
  }

  private notify(flags: string, argv: readonly string[], db: number): void {
    const expiring = argv[0]!.toLowerCase() === 'del' && this.current !== 'del' && this.current !== 'unlink';
    const classes = flags.replace('A', ALL_CLASSES);
    for (const event of keyspaceEvents(argv, db, expiring)) {
      this.publishEvent(classes, event.type, event.event, db, event.key);
      if (event.type === 'x') this.stats.expiredKeys++;
      if ('lshz'.includes(event.type) && peekKey(this.keyspace, db, event.key) === undefined) this.publishEvent(classes, 'g', 'del', db, event.key);
    }
  }

  private publishEvent(classes: string, type: string, event: string, db: number, key: string): void {
    if (!classes.includes(type)) return;
    if (classes.includes('K')) this.pubsub.publish(`__keyspace@${db}__:${key}`, event);
    if (classes.includes('E')) this.pubsub.publish(`__keyevent@${db}__:${event}`, key);
  }

  private outputLimit(kind: 'normal' | 'pubsub'): OutputLimit | undefined {
    this.limits ??= parseOutputLimits(this.config.text('client-output-buffer-limit'));
    return this.limits.get(kind);
  }

  /** A recurring action: reschedules itself with `tick` as its state. */
  private every(periodMs: number, tick: () => void): Subscription {
    return this.scheduler.schedule(
      function (this: SchedulerAction<() => void>, state?: () => void) {
        state!();
        this.schedule(state, periodMs);
      },
      periodMs,
      tick,
    );
  }

  /** Redis's instantaneous metrics: commands and network bytes, sampled every 100 ms. */
  private sampleRates(): void {
    const now = this.now();
    const bytes = this.netBytes;
    this.rates.ops.sample(this.stats.commandsProcessed, now);
    this.rates.input.sample(bytes.input, now);
    this.rates.output.sample(bytes.output, now);
  }

  /** Once a second: idle timeouts, soft output limits, save rules. */
  private cron(): void {
    const timeout = this.config.number('timeout') * 1000;
    const now = this.now();
    for (const client of [...this.clients.values()]) {
      const exempt = client.subscribed || this.blocking.isBlocked(client) || client.paused;
      if (timeout > 0 && !exempt && now - client.lastInteraction > timeout) client.close();
      else if (client.softLimitSince !== null) this.exceedsOutputLimit(client);
    }
    this.persistence.tick();
  }
}

/** The slow log's settings from `slowlog-log-slower-than` and `slowlog-max-len`. */
function slowLogSettings(config: ServerConfig): SlowLogSettings {
  return { slowerThanUs: config.number('slowlog-log-slower-than'), maxLength: config.number('slowlog-max-len') };
}
