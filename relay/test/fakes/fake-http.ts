import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Fault } from './faults.ts';

/** One request a fake provider received, for assertions. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** Epoch ms (sub-ms precision) when the request's first byte arrived. */
  atMs: number;
}

export interface FakeHttpServer {
  url: string;
  server: Server;
  requests: ReceivedRequest[];
  /** Responses neither finished nor torn down: 0 once no stream is left open. */
  readonly openResponses: number;
  close(): Promise<void>;
}

export type FakeHandler = (
  req: ReceivedRequest,
  res: ServerResponse,
  raw: IncomingMessage,
) => void | Promise<void>;

const nowMs = () => performance.timeOrigin + performance.now();

/**
 * An HTTP server on a random loopback port that buffers each request body, records it, and
 * counts responses still open, so tests can assert that the relay closed every stream.
 */
export async function startFakeHttp(handler: FakeHandler): Promise<FakeHttpServer> {
  const requests: ReceivedRequest[] = [];
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
      };
      requests.push(req);
      Promise.resolve(handler(req, res, raw)).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(err));
        else res.destroy();
      });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    requests,
    get openResponses() {
      return open;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
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
