import WebSocket from 'ws';
import {
  CHUNK_SAMPLES,
  FrameKind,
  PROTOCOL_VERSION,
  decodeAudioFrame,
  encodeAudioFrame,
  parseServerMessage,
} from '@parley/shared';
import { TalkClient } from '../../relay/src/talk/client.ts';

interface FloodSession {
  resume: { sessionId: string; secret: string } | null;
  /** Highest turn output received (what a resume asks to continue after). */
  lastOutSeq: number;
  seq: number;
  turnId: number;
}

/**
 * The abusive user's heaviest pattern inside the per-connection limits: each connection may
 * run `REALTIME_CATCH_UP_S` (30 s) of audio ahead of real time, and a new connection starts
 * with that allowance again. So, once per `periodMs` (the sustained connection rate per IP),
 * one of its sessions reconnects (a resume), sends an utterance of `floodMs` of speech at once
 * (inside the message burst) and leaves (close 1001, resumable).
 */
export class FloodAbuser {
  readonly refusals = new Map<string, number>();
  utterances = 0;
  private readonly sessions: FloodSession[];
  private timer: NodeJS.Timeout | null = null;
  private next = 0;
  private speechAt = 0;
  private readonly sockets = new Set<WebSocket>();

  constructor(
    private readonly o: {
      wsUrl: string;
      token: string;
      speech: Int16Array;
      sessions: number;
      periodMs: number;
      floodMs: number;
    },
  ) {
    this.sessions = Array.from({ length: o.sessions }, () => ({
      resume: null,
      lastOutSeq: -1,
      seq: 0,
      turnId: 0,
    }));
  }

  start(): void {
    this.timer = setInterval(() => void this.cycle(), this.o.periodMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const ws of this.sockets) ws.terminate();
  }

  private async cycle(): Promise<void> {
    const session = this.sessions[this.next++ % this.sessions.length];
    if (!session) return;
    const ticket = await TalkClient.ticket(this.o.wsUrl, this.o.token).catch(() => null);
    if (!ticket) {
      this.count('ticket-refused');
      return;
    }
    const ws = new WebSocket(this.o.wsUrl);
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('error', () => undefined);
    ws.on('open', () =>
      ws.send(
        JSON.stringify({
          type: 'hello',
          protocol: PROTOCOL_VERSION,
          ticket,
          outputSampleRateHz: 16_000,
          ...(session.resume ? { resume: { ...session.resume, lastSeq: session.lastOutSeq } } : {}),
        }),
      ),
    );
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        const frame = decodeAudioFrame(data as Buffer, FrameKind.Reply);
        if (frame.ok) session.lastOutSeq = Math.max(session.lastOutSeq, frame.value.seq);
        return;
      }
      const parsed = parseServerMessage((data as Buffer).toString('utf8'));
      if (!parsed.ok) return;
      const m = parsed.value;
      if ('seq' in m && m.type !== 'ack') session.lastOutSeq = Math.max(session.lastOutSeq, m.seq);
      if (m.type === 'error') this.count(m.code);
      if (m.type !== 'ready') return;
      session.resume = { sessionId: m.sessionId, secret: m.resumeSecret };
      this.flood(ws, session);
      ws.close(1001);
    });
  }

  private flood(ws: WebSocket, s: FloodSession): void {
    const turnId = ++s.turnId;
    const firstSeq = s.seq;
    const now = Date.now();
    this.utterances++;
    ws.send(JSON.stringify({ type: 'utterance.start', turnId, firstSeq, speechStartAtMs: now }));
    const { speech } = this.o;
    for (let i = 0; i < this.o.floodMs / 100; i++) {
      if (this.speechAt + CHUNK_SAMPLES > speech.length) this.speechAt = 0;
      const samples = speech.slice(this.speechAt, this.speechAt + CHUNK_SAMPLES);
      this.speechAt += CHUNK_SAMPLES;
      ws.send(
        encodeAudioFrame({ kind: FrameKind.Mic, seq: s.seq++, turnId, timestampMs: now, samples }),
      );
    }
    ws.send(
      JSON.stringify({
        type: 'utterance.end',
        turnId,
        lastSeq: s.seq - 1,
        speechEndAtMs: now,
        sentAtMs: now,
      }),
    );
  }

  private count(code: string): void {
    this.refusals.set(code, (this.refusals.get(code) ?? 0) + 1);
  }
}
