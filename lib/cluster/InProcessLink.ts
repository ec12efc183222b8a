import { ForklessError } from '../errors.js';
import type { ByteString } from '../keyspace/byteString.js';
import type { Reply } from '../keyspace/Reply.js';
import { ReplyError } from '../keyspace/ReplyError.js';
import type { MigrationLink } from './MigrationLink.js';

/** The receiving end of a link: runs each command in order and answers it. */
export interface LinkEndpoint {
  /** Runs one command; throws {@link ReplyError} for an error reply. */
  execute(argv: readonly ByteString[]): Reply;
  /** The link is gone. */
  closed(): void;
}

type Waiter = { resolve(reply: Reply): void; reject(error: Error): void } | null;

/**
 * A {@link MigrationLink} inside one process, for tests and embedded clusters: commands queue up
 * and reach the endpoint asynchronously (`deliver`, default `setImmediate`), in order, as bytes on
 * a socket would; {@link cut} breaks it at any point.
 *
 * @example
 * ```ts
 * const link = new InProcessLink(targetNode.acceptLink());
 * link.write(['SET', 'k', 'v']);
 * link.cut(new Error('injected')); // the source sees link.broken settle
 * ```
 */
export class InProcessLink implements MigrationLink {
  private readonly queue: { argv: readonly ByteString[]; waiter: Waiter }[] = [];
  private scheduled = false;
  private failure: Error | null = null;
  private reportBreak!: (error: Error) => void;
  private inFlight = 0;
  private stalled = false;
  private cutAfterReply = false;
  readonly broken: Promise<Error> = new Promise((resolve) => (this.reportBreak = resolve));

  constructor(
    private readonly endpoint: LinkEndpoint,
    private readonly deliver: (work: () => void) => void = setImmediate,
    /** Called before each command reaches the endpoint (tests inject failures here). */
    private readonly observe: (argv: readonly ByteString[], link: InProcessLink) => void = () => {},
  ) {}

  get unanswered(): number {
    return this.inFlight;
  }

  write(argv: readonly ByteString[]): void {
    this.enqueue(argv, null);
  }

  request(argv: readonly ByteString[]): Promise<Reply> {
    return new Promise((resolve, reject) => this.enqueue(argv, { resolve, reject }));
  }

  close(): void {
    this.cut(new Error('link closed'));
  }

  /** From now on nothing reaches the endpoint and nothing is answered (a hung peer); {@link cut} still works. */
  stall(): void {
    this.stalled = true;
  }

  /** The command being delivered runs, but the link breaks before its reply gets back (a lost reply). */
  cutAfterThis(): void {
    this.cutAfterReply = true;
  }

  /**
   * Breaks the link: queued commands are lost, pending requests reject, both ends learn it. As a
   * socket's, the failure is a `FORKLESS_ERR_CLOSED` ForklessError (an error reply stays one).
   */
  cut(error: Error): void {
    if (this.failure !== null) return;
    const failure = error instanceof ReplyError || error instanceof ForklessError ? error : new ForklessError('FORKLESS_ERR_CLOSED', error.message);
    this.failure = failure;
    for (const { waiter } of this.queue.splice(0)) waiter?.reject(failure);
    this.inFlight = 0;
    this.reportBreak(failure);
    this.endpoint.closed();
  }

  private enqueue(argv: readonly ByteString[], waiter: Waiter): void {
    if (this.failure !== null) {
      waiter?.reject(this.failure);
      return;
    }
    this.queue.push({ argv, waiter });
    this.inFlight++;
    if (this.scheduled || this.stalled) return;
    this.scheduled = true;
    this.deliver(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    // At most a socket read's worth of commands per turn, so the receiving side never hogs the loop.
    for (let budget = 512; this.queue.length > 0 && this.failure === null && !this.stalled; budget--) {
      if (budget === 0) {
        this.scheduled = true;
        return this.deliver(() => this.flush());
      }
      const next = this.queue[0]!;
      this.observe(next.argv, this);
      if (this.failure !== null || this.stalled) return;
      this.queue.shift();
      this.inFlight--;
      try {
        const reply = this.endpoint.execute(next.argv);
        if (this.cutAfterReply) {
          this.cut(new Error('link cut before the reply'));
          return next.waiter?.reject(this.failure!);
        }
        next.waiter?.resolve(reply);
      } catch (error) {
        if (!(error instanceof ReplyError)) throw error;
        if (next.waiter !== null) next.waiter.reject(error);
        else this.cut(error);
      }
    }
  }
}
