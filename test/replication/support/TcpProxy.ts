import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

interface Link {
  readonly client: Socket;
  readonly upstream: Socket;
  /** Bytes forwarded from upstream (leader) to client (follower). */
  downstreamBytes: number;
}

/**
 * A TCP proxy between followers and a leader that tests can break: cut every link, cut after N
 * bytes towards the follower, stall the leader → follower direction (the leader's socket then
 * backs up as if the follower stopped reading), refuse new links, or deliver byte by byte.
 *
 * @example
 * ```ts
 * const proxy = await TcpProxy.start(leader.port);
 * const follower = startFollower({ url: proxy.url });
 * proxy.cutAfter(100_000); // in the middle of the full sync
 * ```
 */
export class TcpProxy {
  private readonly links = new Set<Link>();
  private stalled = false;
  private cutAtBytes: number | null = null;
  /** Forward in one-byte writes (exercises every split of every frame). */
  byteByByte = false;
  /** Links accepted so far. */
  connections = 0;

  private constructor(
    private readonly server: Server,
    public targetPort: number,
  ) {
    server.on('connection', (client) => this.accept(client));
  }

  /** Listens on 127.0.0.1, any port, forwarding to 127.0.0.1:`targetPort`. */
  static async start(targetPort: number): Promise<TcpProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return new TcpProxy(server, targetPort);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}/`;
  }

  /** Destroys every current link (both sides see a reset). */
  cut(): void {
    for (const link of this.links) this.destroy(link);
  }

  /** Cuts the first link (current or future) that has forwarded `bytes` towards the follower. */
  cutAfter(bytes: number): void {
    this.cutAtBytes = bytes;
    for (const link of this.links) if (link.downstreamBytes >= bytes) this.destroy(link);
  }

  /** Stops forwarding leader → follower; the proxy stops reading, so the leader's buffers fill. */
  stall(): void {
    this.stalled = true;
    for (const link of this.links) link.upstream.pause();
  }

  /** Forwards again after {@link stall}. */
  resume(): void {
    this.stalled = false;
    for (const link of this.links) link.upstream.resume();
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    this.connections++;
    const upstream = createConnection({ host: '127.0.0.1', port: this.targetPort });
    const link: Link = { client, upstream, downstreamBytes: 0 };
    this.links.add(link);
    client.on('data', (chunk) => this.forward(chunk, upstream));
    upstream.on('data', (chunk) => {
      this.forward(chunk, client);
      link.downstreamBytes += chunk.length;
      if (this.cutAtBytes !== null && link.downstreamBytes >= this.cutAtBytes) {
        this.cutAtBytes = null;
        this.destroy(link);
      }
    });
    if (this.stalled) upstream.pause();
    for (const socket of [client, upstream]) {
      socket.on('error', () => this.destroy(link));
      socket.on('close', () => this.destroy(link));
    }
  }

  private forward(chunk: Buffer, to: Socket): void {
    if (to.destroyed) return;
    if (!this.byteByByte) {
      to.write(chunk);
      return;
    }
    for (let index = 0; index < chunk.length; index++) to.write(chunk.subarray(index, index + 1));
  }

  private destroy(link: Link): void {
    if (!this.links.delete(link)) return;
    link.client.destroy();
    link.upstream.destroy();
  }
}
