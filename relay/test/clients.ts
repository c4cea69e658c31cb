import { request, type IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import {
  CHUNK_SAMPLES,
  decodeAudioFrame,
  encodeAudioFrame,
  FrameKind,
  PROTOCOL_VERSION,
  parseServerMessage,
  type ServerMessage,
} from '@parley/shared';
import type { TestRelay } from './harness.ts';

/** A microphone frame as a page sends it: 100 ms of silence, or `samples`. */
export const micFrame = (seq: number, turnId: number, samples = new Int16Array(CHUNK_SAMPLES)) =>
  encodeAudioFrame({ kind: FrameKind.Mic, seq, turnId, timestampMs: Date.now(), samples });

/** A bare socket that records what the relay says and how it closes. */
export class RawClient {
  readonly messages: ServerMessage[] = [];
  /** When each of {@link messages} arrived (epoch ms). */
  readonly arrivals: number[] = [];
  /** Reply audio frames as they came: their turn, and how many messages had come before. */
  readonly frames: { turnId: number; samples: number; afterMessages: number }[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        const frame = decodeAudioFrame(data as Buffer, FrameKind.Reply);
        if (frame.ok) {
          const { turnId, samples } = frame.value;
          this.frames.push({
            turnId,
            samples: samples.length,
            afterMessages: this.messages.length,
          });
        }
        return;
      }
      const parsed = parseServerMessage((data as Buffer).toString('utf8'));
      if (parsed.ok) {
        this.messages.push(parsed.value);
        this.arrivals.push(Date.now());
      }
      for (const w of this.waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  static async open(url: string, headers: Record<string, string> = {}): Promise<RawClient> {
    const ws = new WebSocket(url, { headers });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return new RawClient(ws);
  }

  send(data: string | Uint8Array | object): void {
    this.ws.send(
      typeof data === 'string' || data instanceof Uint8Array ? data : JSON.stringify(data),
    );
  }

  /** Waits for the first message matching `pred` (already received or future). */
  async next<T extends ServerMessage['type']>(
    type: T,
    timeoutMs = 5000,
  ): Promise<Extract<ServerMessage, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(
        (m): m is Extract<ServerMessage, { type: T }> => m.type === type,
      );
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`no "${type}" message; got ${JSON.stringify(this.messages)}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }
}

/** A single-use ticket from the relay, as the browser gets one (`token` in jwt mode). */
export async function ticket(
  relay: Pick<TestRelay, 'url'>,
  token?: string,
  headers: Record<string, string> = {},
): Promise<string> {
  const res = await fetch(`${relay.url}/api/session`, {
    method: 'POST',
    headers: { ...headers, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  });
  if (!res.ok) throw new Error(`ticket refused: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { ticket: string };
  return body.ticket;
}

export async function helloFor(relay: Pick<TestRelay, 'url'>, token?: string) {
  return {
    type: 'hello',
    protocol: PROTOCOL_VERSION,
    outputSampleRateHz: 16_000,
    ticket: await ticket(relay, token),
  };
}

/** The whole HTTP answer of a refused WebSocket upgrade. */
export interface Refusal {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * Opens a WebSocket (offering `protocols`) expecting a refusal; resolves with the whole HTTP
 * answer.
 */
export function refusal(
  url: string,
  headers: Record<string, string> = {},
  protocols: string[] = [],
): Promise<Refusal> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { headers });
    ws.once('open', () => {
      ws.terminate();
      reject(new Error('the upgrade was accepted'));
    });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.once('error', reject);
    });
    ws.once('error', reject);
  });
}

/** The answer to {@link rawRequest}. */
export interface RawAnswer {
  status: number;
  body: string;
}

/**
 * An HTTP request with any headers, `Host` included (fetch keeps its own): what a browser that
 * rebound a DNS name, or a forwarder, sends.
 */
export function rawRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: init.method ?? 'GET', headers: init.headers ?? {} },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.once('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.once('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/**
 * Saves the dev user's preferences (`PUT /api/preferences`): a friendly persona, short
 * replies, English at rate 1, with `choices` on top.
 */
export function savePreferences(
  relayUrl: string,
  choices: Record<string, unknown>,
): Promise<RawAnswer> {
  return rawRequest(`${relayUrl}/api/preferences`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      persona: 'friendly',
      replyLength: 'short',
      speakingRate: 1,
      language: 'en',
      ...choices,
    }),
  });
}
