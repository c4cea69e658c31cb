import { createServer, connect, type Server, type Socket } from 'node:net';

/** One proxied connection: the client's socket, the relay's, and what is held for each. */
interface Pair {
  client: Socket;
  upstream: Socket;
  /** Bytes vanish for ever (a path that died without telling anyone). */
  dead: boolean;
  /** Bytes held during a stall, in arrival order, with the socket each goes to. */
  held: { to: Socket; data: Buffer }[];
}

/**
 * A TCP proxy between a client and the relay that can misbehave like a real network: drop every
 * connection (RST, or FIN), black-hole traffic (sockets stay open, bytes vanish — a half-open
 * connection), stall it (bytes held, then delivered in order, as TCP does when a path comes
 * back), kill the path of the connections open now while new ones pass (Wi-Fi → cellular), or
 * delay it.
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly pairs = new Set<Pair>();
  private blackholed = false;
  private downlinkBlackholed = false;
  private stalled = false;
  delayMs = 0;
  /**
   * Bytes per second the link carries from clients to the relay (a weak cellular uplink);
   * null = as fast as loopback. What does not fit waits, in order, as in a modem's buffer.
   */
  upBytesPerSecond: number | null = null;
  /** When the throttled uplink is free again (ms, `performance.now()`). */
  private upFreeAtMs = 0;
  /** Most the throttled uplink was behind so far (ms): bytes waiting, in time to send them. */
  maxUpLagMs = 0;
  /** Connections accepted so far. */
  connections = 0;
  /**
   * Told every byte the relay sends down connection `connection` (1 for the first accepted),
   * delivered or not (a test reads what the relay said that the client never got).
   */
  onDownlink: ((connection: number, data: Buffer) => void) | null = null;
  /** Bytes that arrived from clients (to the relay) and from the relay (to clients), so far. */
  readonly bytes = { up: 0, down: 0 };
  port = 0;

  constructor(private targetPort: number) {}

  /** New connections go to `port` from now on (existing ones are untouched). */
  retarget(port: number): void {
    this.targetPort = port;
  }

  /** Listens on loopback `port` (default: any free one); resolves with the port. */
  async listen(port = 0): Promise<number> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return this.port;
  }

  /** Connections open now (dead ones included: nobody closed them). */
  get openConnections(): number {
    return this.pairs.size;
  }

  /** Bytes held by a stall, not yet delivered. */
  get heldBytes(): number {
    let n = 0;
    for (const p of this.pairs) for (const h of p.held) n += h.data.length;
    return n;
  }

  /** Cuts every open connection (RST), as when a phone switches networks. */
  drop(): void {
    for (const p of this.pairs) {
      p.client.resetAndDestroy();
      p.upstream.resetAndDestroy();
    }
    this.pairs.clear();
  }

  /**
   * Closes every open connection politely at the TCP level (FIN both ways, what was sent before
   * still delivered) — but without a WebSocket closing handshake, as a NAT or a load balancer
   * that gives up on a connection does.
   */
  dropGracefully(): void {
    for (const p of this.pairs) {
      p.client.end();
      p.upstream.end();
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

  /**
   * The path of every connection open now dies for ever: their bytes vanish, nobody is told, the
   * sockets stay open. Connections opened later pass (the phone found another network).
   */
  killPath(): void {
    for (const p of this.pairs) {
      p.dead = true;
      p.held = [];
    }
  }

  /**
   * From now on bytes in both directions are held — on every connection, those opened during
   * the stall too — and delivered by {@link release}, in order: a path that stalls and comes
   * back, as TCP retransmits what it could not deliver.
   */
  stall(): void {
    this.stalled = true;
  }

  /** The stalled path comes back: everything held is delivered, oldest connection first. */
  release(): void {
    this.stalled = false;
    for (const p of this.pairs) {
      for (const { to, data } of p.held.splice(0)) this.write(to, data);
    }
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
    const connection = ++this.connections;
    const upstream = connect(this.targetPort, '127.0.0.1');
    const pair: Pair = { client, upstream, dead: false, held: [] };
    this.pairs.add(pair);
    const forward = (to: Socket) => (data: Buffer) => {
      this.bytes[to === client ? 'down' : 'up'] += data.length;
      if (pair.dead || this.blackholed || (to === client && this.downlinkBlackholed)) return;
      if (this.stalled) pair.held.push({ to, data });
      else this.write(to, data);
    };
    client.on('data', (data: Buffer) => {
      if (this.upBytesPerSecond === null) return forward(upstream)(data);
      // The link sends at its rate: this data leaves once what came before it has.
      const now = performance.now();
      const start = Math.max(now, this.upFreeAtMs);
      this.upFreeAtMs = start + (data.length * 1000) / this.upBytesPerSecond;
      this.maxUpLagMs = Math.max(this.maxUpLagMs, this.upFreeAtMs - now);
      setTimeout(() => forward(upstream)(data), this.upFreeAtMs - now);
    });
    upstream.on('data', (data: Buffer) => {
      this.onDownlink?.(connection, data);
      forward(client)(data);
    });
    const end = () => {
      // A dead path tells nobody: its sockets stay as they are until the proxy closes.
      if (pair.dead && this.pairs.has(pair)) return;
      this.pairs.delete(pair);
      // What is still on its way (delayed) arrives first, then the other side is closed.
      const close = () => {
        for (const s of [client, upstream]) if (!s.destroyed) s.end(() => s.destroy());
      };
      if (this.delayMs > 0) setTimeout(close, this.delayMs);
      else close();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  }

  private write(to: Socket, data: Buffer): void {
    if (this.delayMs > 0) setTimeout(() => to.destroyed || to.write(data), this.delayMs);
    else if (!to.destroyed) to.write(data);
  }
}
