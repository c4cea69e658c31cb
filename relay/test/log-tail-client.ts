import type { Socket } from 'node:net';
import WebSocket from 'ws';
import {
  logTailServerMessage,
  type LogRecord,
  type LogTailFilter,
  type LogTailServerMessage,
} from '@parley/shared';

/** A reader of the relay's live log (`/ws/logs`) that records what it is sent. */
export class TailClient {
  readonly frames: LogTailServerMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      this.frames.push(logTailServerMessage.parse(JSON.parse(data.toString('utf8'))));
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  /** Opens `url` (ws://…/ws/logs?…) with these headers and subprotocols; rejects if refused. */
  static async open(
    url: string,
    options: { headers?: Record<string, string>; protocols?: string[] } = {},
  ): Promise<TailClient> {
    const ws = new WebSocket(url, options.protocols ?? [], { headers: options.headers ?? {} });
    // Listening before the open: the relay's first frame may arrive with the handshake's answer.
    const client = new TailClient(ws);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) =>
        reject(new Error(`refused: ${res.statusCode ?? 0}`)),
      );
    });
    return client;
  }

  /** Sends a new filter. */
  filter(filter: LogTailFilter): void {
    this.ws.send(JSON.stringify({ type: 'log.filter', filter }));
  }

  /** The lines shown now: the last `log.subscribed`'s backlog and every line since. */
  lines(): LogRecord[] {
    const last = this.frames.findLastIndex((f) => f.type === 'log.subscribed');
    return this.frames.slice(Math.max(0, last)).flatMap((f) => {
      if (f.type === 'log.subscribed') return f.backlog;
      if (f.type === 'log.lines') return f.lines;
      return [];
    });
  }

  /** Every line received since connecting (backlogs included). */
  allLines(): LogRecord[] {
    return this.frames.flatMap((f) =>
      f.type === 'log.subscribed' ? f.backlog : f.type === 'log.lines' ? f.lines : [],
    );
  }

  /** How many `log.subscribed` frames came (one per filter applied). */
  subscriptions(): number {
    return this.frames.filter((f) => f.type === 'log.subscribed').length;
  }

  /**
   * Stops reading the socket (ws's own TCP socket, paused): the relay's frames pile up in the
   * kernel, then in its own buffers. Returns what resumes reading.
   */
  stopReading(): () => void {
    const socket = (this.ws as unknown as { _socket: Socket })._socket;
    socket.pause();
    return () => socket.resume();
  }
}
