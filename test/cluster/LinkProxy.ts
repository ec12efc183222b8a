import { connect, createServer, type Server, type Socket } from 'node:net';

/** What happens to the next migration link once `at` bytes went from the source to the target. */
export interface LinkFault {
  readonly kind: 'cut' | 'stall';
  readonly at: number;
}

/**
 * A TCP proxy on 127.0.0.1 in front of one node: every connection is forwarded both ways, and the
 * next migration link (a connection whose first command is `CLUSTER SYNCSLOTS ESTABLISH`) can be
 * cut, or stalled until {@link release}, after exactly `at` bytes from the source. Clients,
 * probes and topology pushes pass untouched.
 *
 * @example
 * ```ts
 * const proxy = await LinkProxy.start(targetPort);
 * proxy.inject({ kind: 'cut', at: 12_345 });
 * ```
 */
export class LinkProxy {
  private fault: LinkFault | null = null;
  private held: (() => void) | null = null;
  private readonly sockets = new Set<Socket>();
  /** Set once the injected fault took effect (the cut happened, or the link is stalled). */
  struck = false;

  private constructor(
    private readonly server: Server,
    readonly targetPort: number,
  ) {}

  static async start(targetPort: number): Promise<LinkProxy> {
    const server = createServer();
    const proxy = new LinkProxy(server, targetPort);
    server.on('connection', (socket) => proxy.accept(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  /** Applies `fault` to the next migration link. */
  inject(fault: LinkFault): void {
    this.fault = fault;
    this.struck = false;
  }

  /** Lets a stalled link go on (the held bytes first). */
  release(): void {
    const resume = this.held;
    this.held = null;
    resume?.();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(down: Socket): void {
    const up = connect({ host: '127.0.0.1', port: this.targetPort });
    for (const socket of [down, up]) {
      this.sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        this.sockets.delete(socket);
        down.destroy();
        up.destroy();
      });
    }
    up.on('data', (chunk: Buffer) => down.write(chunk));
    let fault: LinkFault | null | undefined; // undefined until the first bytes tell what the connection is
    let sent = 0;
    const forward = (chunk: Buffer) => {
      if (fault === undefined) fault = chunk.toString('latin1', 0, 200).includes('ESTABLISH') ? this.take() : null;
      if (fault === null || sent + chunk.length < fault.at) {
        sent += chunk.length;
        return void up.write(chunk);
      }
      const head = chunk.subarray(0, fault.at - sent);
      sent = fault.at;
      up.write(head);
      this.struck = true;
      if (fault.kind === 'cut') return void (down.destroy(), up.destroy());
      down.pause();
      down.off('data', forward);
      const rest = chunk.subarray(head.length);
      this.held = () => {
        up.write(rest);
        down.on('data', (more: Buffer) => up.write(more));
        down.resume();
      };
    };
    down.on('data', forward);
  }

  /** The pending fault, used once. */
  private take(): LinkFault | null {
    const fault = this.fault;
    this.fault = null;
    return fault;
  }
}
