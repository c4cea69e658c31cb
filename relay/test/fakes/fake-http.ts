import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { createSecureContext, TLSSocket } from 'node:tls';
import type { Fault } from './faults.ts';

/** One request a fake provider received, for assertions. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** Epoch ms (sub-ms precision) when the request's first byte arrived. */
  atMs: number;
  /** The connection it came on: its index in {@link FakeHttpServer.connections}. */
  connection: number;
}

/** One TCP connection a fake accepted. */
export interface FakeConnection {
  /** Epoch ms (sub-ms precision) it was accepted at. */
  openedAtMs: number;
  /** When its TLS handshake completed (HTTPS only; null: not, or not yet). */
  securedAtMs: number | null;
  /** When it closed (null: still open). */
  closedAtMs: number | null;
}

export interface FakeHttpServer {
  url: string;
  server: Server;
  requests: ReceivedRequest[];
  /** Responses neither finished nor torn down: 0 once no stream is left open. */
  readonly openResponses: number;
  /** Every connection accepted, in order. */
  connections: FakeConnection[];
  /**
   * How long an accepted connection waits before it is served (ms): before its TLS handshake
   * (HTTPS) or its first request is read — what a distant API's TCP and TLS set-up costs. 0 by
   * default.
   */
  connectDelayMs: number;
  close(): Promise<void>;
}

/** A fake's own certificate and key (PEM), to serve HTTPS. */
export interface FakeTls {
  cert: string;
  key: string;
}

export type FakeHandler = (
  req: ReceivedRequest,
  res: ServerResponse,
  raw: IncomingMessage,
) => void | Promise<void>;

const nowMs = () => performance.timeOrigin + performance.now();

/**
 * An HTTP server on a random loopback port that buffers each request body, records it, and
 * counts responses still open, so tests can assert that the relay closed every stream. With
 * `tls` it serves HTTPS. It records every connection (accepted, TLS handshake done, closed) and
 * can make each new one wait (`connectDelayMs`), as a distant API's set-up does.
 */
export async function startFakeHttp(
  ...args: [handler: FakeHandler] | [options: { tls?: FakeTls }, handler: FakeHandler]
): Promise<FakeHttpServer> {
  const [options, handler] = args.length === 1 ? [{}, args[0]] : args;
  const requests: ReceivedRequest[] = [];
  const connections: FakeConnection[] = [];
  /** The connection number of each socket the HTTP server reads (TLS or plain). */
  const connectionOf = new WeakMap<Socket, number>();
  const sockets = new Set<Socket>();
  let open = 0;
  const server = createServer((raw, res) => {
    const atMs = nowMs();
    const chunks: Buffer[] = [];
    open++;
    let counted = true;
    const done = () => {
      if (counted) open--;
      counted = false;
    };
    res.on('finish', done);
    res.on('close', done);
    raw.on('data', (c: Buffer) => chunks.push(c));
    raw.on('end', () => {
      const req: ReceivedRequest = {
        method: raw.method ?? 'GET',
        path: raw.url ?? '/',
        headers: raw.headers,
        body: Buffer.concat(chunks),
        atMs,
        connection: connectionOf.get(raw.socket) ?? -1,
      };
      requests.push(req);
      Promise.resolve(handler(req, res, raw)).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(err));
        else res.destroy();
      });
    });
  });
  // No `Keep-Alive: timeout` hint and no idle timeout of its own, as hosted APIs' HTTP/1.1
  // answers go: the client decides how long an idle connection is kept.
  server.keepAliveTimeout = 0;
  const secureContext = options.tls && createSecureContext(options.tls);
  /** Hands an accepted connection to the HTTP server, through TLS when serving HTTPS. */
  const serve = (socket: Socket, record: FakeConnection, id: number) => {
    if (socket.destroyed) return;
    if (!secureContext) {
      connectionOf.set(socket, id);
      server.emit('connection', socket);
      return;
    }
    const secure = new TLSSocket(socket, {
      isServer: true,
      secureContext,
      ALPNProtocols: ['http/1.1'],
    });
    secure.on('error', () => secure.destroy());
    secure.once('secure', () => {
      record.securedAtMs = nowMs();
      connectionOf.set(secure, id);
      server.emit('connection', secure);
    });
  };
  const front = createTcpServer((socket) => {
    const record: FakeConnection = { openedAtMs: nowMs(), securedAtMs: null, closedAtMs: null };
    const id = connections.push(record) - 1;
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      sockets.delete(socket);
      record.closedAtMs = nowMs();
    });
    if (fake.connectDelayMs > 0) setTimeout(() => serve(socket, record, id), fake.connectDelayMs);
    else serve(socket, record, id);
  });
  const fake: FakeHttpServer = {
    url: '',
    server,
    requests,
    connections,
    connectDelayMs: 0,
    get openResponses() {
      return open;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        front.close(() => resolve());
      }),
  };
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const { port } = front.address() as AddressInfo;
  fake.url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  return fake;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A fake provider as its tests hold it: where it is, what it received, its fault to change. */
export interface FaultableFake {
  url: string;
  /** The HTTP server (a fake speaking a WebSocket protocol answers upgrades on it). */
  server: Server;
  requests: ReceivedRequest[];
  /** Responses still open: 0 once the client closed or finished every stream. */
  readonly openResponses: number;
  setFault(fault: Fault): void;
  close(): Promise<void>;
}

/** The handle of the fake on `http`, whose fault `setFault` changes. */
export function faultable(http: FakeHttpServer, setFault: (fault: Fault) => void): FaultableFake {
  return {
    url: http.url,
    server: http.server,
    requests: http.requests,
    get openResponses() {
      return http.openResponses;
    },
    setFault,
    close: () => http.close(),
  };
}

/** Answers `status` with `body` as JSON (a provider's error, in its own shape). */
export function writeJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | number> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
