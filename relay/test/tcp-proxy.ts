import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy between a client and the relay that can misbehave like a real network: drop every
 * connection, black-hole traffic (sockets stay open, bytes vanish — a half-open connection), or
 * delay it.
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly pairs = new Set<[Socket, Socket]>();
  private blackholed = false;
  private downlinkBlackholed = false;
  delayMs = 0;
  /** Connections accepted so far. */
  connections = 0;
  port = 0;

  constructor(private targetPort: number) {}

  /** New connections go to `port` from now on (existing ones are untouched). */
  retarget(port: number): void {
    this.targetPort = port;
  }

  async listen(): Promise<number> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return this.port;
  }

  /** Cuts every open connection (RST), as when a phone switches networks. */
  drop(): void {
    for (const [a, b] of this.pairs) {
      a.resetAndDestroy();
      b.resetAndDestroy();
    }
    this.pairs.clear();
  }

  /** From now on bytes in both directions vanish; sockets stay open and nobody is told. */
  blackhole(): void {
    this.blackholed = true;
  }

  /** From now on bytes from the relay to the client vanish; the client's still arrive. */
  blackholeDownlink(): void {
    this.downlinkBlackholed = true;
  }

  /** Traffic flows again (connections black-holed meanwhile are garbage: drop them). */
  restore(): void {
    this.blackholed = false;
    this.downlinkBlackholed = false;
    this.drop();
  }

  async close(): Promise<void> {
    this.drop();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  private accept(client: Socket): void {
    this.connections++;
    const upstream = connect(this.targetPort, '127.0.0.1');
    const pair: [Socket, Socket] = [client, upstream];
    this.pairs.add(pair);
    const forward = (to: Socket) => (data: Buffer) => {
      if (this.blackholed || (to === client && this.downlinkBlackholed)) return;
      if (this.delayMs > 0) setTimeout(() => to.destroyed || to.write(data), this.delayMs);
      else to.write(data);
    };
    client.on('data', forward(upstream));
    upstream.on('data', forward(client));
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  }
}
