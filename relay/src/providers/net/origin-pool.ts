import type { Socket } from 'node:net';
import { rootCertificates } from 'node:tls';
import { buildConnector, Pool } from 'undici';

/** How one origin's connections are made and kept. */
export interface OriginPoolOptions {
  /**
   * How long an idle connection is kept for the next request (ms), unless the server's
   * `Keep-Alive: timeout` says less; a spare opened ahead is kept as long.
   */
  keepAliveMs: number;
  /** TCP + TLS set-up deadline (ms). */
  connectTimeoutMs: number;
  /**
   * CA certificates (PEM) trusted besides the system's. Absent: the system's, with
   * `NODE_EXTRA_CA_CERTS` (which a given list replaces).
   */
  extraCa?: readonly string[];
  /** Told when a connection opened ahead failed (it never fails a request). */
  onWarmFailure?: (origin: string, err: unknown) => void;
}

/**
 * One provider origin's connections: an undici {@link Pool} (HTTP/1.1, kept alive between
 * requests, shared by every session and adapter calling that origin), and the spare connections
 * opened ahead by {@link warmUp}. undici has no way to open a connection without a request
 * (nodejs/undici#317), so the pool's connector is ours: when the pool needs a new connection it
 * takes a spare (waiting for it if its handshake is still under way) and only otherwise dials.
 * Warming therefore sends no HTTP request at all: nothing billed, nothing counted against a rate
 * limit, only a TCP and TLS handshake.
 */
export class OriginPool {
  readonly pool: Pool;
  private readonly dial: buildConnector.connector;
  private readonly target: buildConnector.Options;
  private readonly spares: SpareConnection[] = [];
  private closed = false;

  constructor(
    readonly origin: string,
    private readonly options: OriginPoolOptions,
  ) {
    const url = new URL(origin);
    this.dial = buildConnector({
      timeout: options.connectTimeoutMs,
      ...(options.extraCa?.length ? { ca: [...rootCertificates, ...options.extraCa] } : {}),
    });
    // What undici's client passes its connector for this origin (IPv6 without brackets).
    this.target = {
      host: url.host,
      hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      protocol: url.protocol,
      port: url.port,
    };
    this.pool = new Pool(origin, {
      connect: (opts, callback) => {
        this.connect(opts, callback);
      },
      keepAliveTimeout: options.keepAliveMs,
      keepAliveMaxTimeout: Math.max(options.keepAliveMs, 600_000),
    });
  }

  /** Connections a request now would find: idle ones in the pool, and spares (opening or open). */
  get ready(): number {
    return this.spares.length + this.pool.stats.free;
  }

  /**
   * Opens spare connections until `wanted` requests could start at once without dialling (so
   * however many ask, no more than that). Fire and forget: a failure goes to `onWarmFailure`,
   * and the request that would have used it dials as it would have.
   */
  warmUp(wanted = 1): void {
    if (this.closed) return;
    for (let n = this.ready; n < wanted; n++) {
      const spare: SpareConnection = new SpareConnection(
        this.dial,
        this.target,
        this.options.keepAliveMs,
        {
          gone: () => {
            const i = this.spares.indexOf(spare);
            if (i >= 0) this.spares.splice(i, 1);
          },
          failed: (err) => this.options.onWarmFailure?.(this.origin, err),
        },
      );
      this.spares.push(spare);
    }
  }

  /** Closes the spares and the pool's connections. */
  async close(): Promise<void> {
    this.closed = true;
    for (const spare of this.spares.splice(0)) spare.drop();
    await this.pool.destroy();
  }

  /** The pool's connector: a spare if one is (or comes up) alive, else a new dial. */
  private connect(opts: buildConnector.Options, callback: buildConnector.Callback): void {
    const spare = this.spares.shift();
    if (!spare) return this.dial(opts, callback);
    void spare.take().then((socket) => {
      if (socket) callback(null, socket);
      else this.dial(opts, callback);
    });
  }
}

/** A connection opened ahead of any request, until the pool takes it or it goes idle. */
class SpareConnection {
  private readonly ready: Promise<Socket | null>;
  private socket: Socket | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private done = false;

  constructor(
    dial: buildConnector.connector,
    target: buildConnector.Options,
    keepAliveMs: number,
    private readonly tell: { gone: () => void; failed: (err: unknown) => void },
  ) {
    this.ready = new Promise((resolve) => {
      dial(target, (err, socket) => {
        if (err !== null) {
          this.finish();
          tell.failed(err);
          return resolve(null);
        }
        if (this.done) {
          socket.destroy();
          return resolve(null);
        }
        this.socket = socket;
        // While it waits it must not keep the process alive, and a close or error drops it.
        socket.unref();
        socket.on('error', this.drop).on('close', this.drop);
        this.timer = setTimeout(this.drop, keepAliveMs).unref();
        resolve(socket);
      });
    });
  }

  /** The connection, handed over to its new owner; null if it failed, closed or was dropped. */
  async take(): Promise<Socket | null> {
    const socket = await this.ready;
    if (this.done || !socket || socket.destroyed || socket.readyState !== 'open') return null;
    this.finish();
    socket.off('error', this.drop).off('close', this.drop);
    // As a freshly dialled one: undici unrefs it again when idle.
    socket.ref();
    return socket;
  }

  /** Closes it (unused, idle too long, closed by the server, or its pool closing). */
  readonly drop = (): void => {
    if (this.done) return;
    this.finish();
    this.socket?.destroy();
  };

  private finish(): void {
    this.done = true;
    clearTimeout(this.timer);
    this.tell.gone();
  }
}
