import { gunzipSync } from 'node:zlib';
import { startFakeHttp, type FakeHttpServer } from './fake-http.ts';

/** An error event as the fake Sentry received it (the JSON of an envelope's `event` item). */
export interface ReceivedEvent {
  /** The envelope's header (event id, DSN, SDK). */
  envelope: Record<string, unknown>;
  event: {
    message?: string;
    level?: string;
    tags?: Record<string, unknown>;
    contexts?: Record<string, Record<string, unknown>>;
    exception?: { values?: { type?: string; value?: string }[] };
    request?: { url?: string; headers?: Record<string, string> };
    [field: string]: unknown;
  };
  /** The request's raw body, for "this secret appears nowhere" checks. */
  raw: string;
}

export interface FakeSentry extends FakeHttpServer {
  /** The DSN of its project `1` with public key `publickey`. */
  dsn: string;
  /** Every error event received, in order. */
  events: ReceivedEvent[];
  /** The type of every item received (`event`, `client_report`, …). */
  itemTypes: string[];
}

function json(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null) throw new Error(`not an object: ${text}`);
  return value as Record<string, unknown>;
}

/**
 * A Sentry ingest endpoint on a random loopback port: `POST /api/1/envelope/` takes an envelope
 * (newline-delimited: a header, then items of a header and a payload — `length` bytes when the
 * item header says so, else one line), gzipped or not, and records its items. It answers 200 as
 * Sentry does; anything else is 404.
 */
export async function startFakeSentry(): Promise<FakeSentry> {
  const events: ReceivedEvent[] = [];
  const itemTypes: string[] = [];
  const server = await startFakeHttp((req, res) => {
    if (req.method !== 'POST' || !req.path.startsWith('/api/1/envelope/')) {
      res.writeHead(404).end();
      return;
    }
    const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(req.body) : req.body;
    const raw = body.toString('utf8');
    let at = body.indexOf(0x0a);
    const envelope = json(body.subarray(0, at).toString('utf8'));
    at++;
    while (at < body.length) {
      let end = body.indexOf(0x0a, at);
      if (end < 0) end = body.length;
      if (end === at) {
        at++;
        continue;
      }
      const header = json(body.subarray(at, end).toString('utf8'));
      at = end + 1;
      let payload: Buffer;
      if (typeof header.length === 'number') {
        payload = body.subarray(at, at + header.length);
        at += header.length + 1;
      } else {
        end = body.indexOf(0x0a, at);
        if (end < 0) end = body.length;
        payload = body.subarray(at, end);
        at = end + 1;
      }
      const type = String(header.type);
      itemTypes.push(type);
      if (type === 'event')
        events.push({
          envelope,
          event: json(payload.toString('utf8')),
          raw,
        });
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  const { port } = new URL(server.url);
  return Object.assign(server, { dsn: `http://publickey@127.0.0.1:${port}/1`, events, itemTypes });
}
