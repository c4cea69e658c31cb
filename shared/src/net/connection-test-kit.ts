import type { PcmChunk } from '../audio/chunker.ts';
import type { ClientMessage, ReadyMessage } from '../protocol/messages.ts';
import type { ConnectionState } from './connection-options.ts';
import { HandOffConnection, type HandOffConnectionOptions } from './hand-off-connection.ts';
import type { SocketLike } from './socket-like.ts';

// Test support for the resilient connection: a socket and a clock the test drives by hand.

type PingMessage = Extract<ClientMessage, { type: 'ping' }>;

/** A socket the test drives by hand. */
export class FakeSocket implements SocketLike {
  binaryType = 'blob';
  readyState = 0;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  readonly sent: (string | Uint8Array)[] = [];
  closed = false;
  /** The code `close` was called with (undefined: none, as a bare `close()` sends 1005). */
  closeCode: number | undefined;
  send(data: string | Uint8Array): void {
    this.sent.push(data);
  }
  close(code?: number): void {
    this.closed = true;
    this.closeCode = code;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(message: object | ArrayBuffer): void {
    this.onmessage?.({ data: message instanceof ArrayBuffer ? message : JSON.stringify(message) });
  }
  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
  json(): ClientMessage[] {
    return this.sent
      .filter((x): x is string => typeof x === 'string')
      .map((x) => JSON.parse(x) as ClientMessage);
  }
  /** The pings sent, in order. */
  pings(): PingMessage[] {
    return this.json().filter((m): m is PingMessage => m.type === 'ping');
  }
  /** The relay's pong to `ping` (none when there is no ping), at server time 0. */
  answer(ping: PingMessage | undefined, clientTimeMs = 0): void {
    if (ping) this.receive({ type: 'pong', id: ping.id, clientTimeMs, serverTimeMs: 0 });
  }
  audioSeqs(): number[] {
    return this.sent
      .filter((x): x is Uint8Array => typeof x !== 'string')
      .map((x) => new DataView(x.buffer).getUint32(4, true));
  }
}

/** Fake time: timers run when the test advances the clock. */
function fakeTime() {
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimer: (fn: () => void, ms: number) => {
      const id = nextId++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimer: (h: unknown) => void timers.delete(h as number),
    /** The clock moves on while nothing runs (a busy page): timers due meanwhile run late. */
    freeze(ms: number) {
      now += ms;
    },
    async advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, t]) => t.at <= end)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].fn();
        await Promise.resolve();
        await Promise.resolve();
      }
      now = end;
    },
  };
}

export const ready = (resumed: boolean, ackedSeq = -1): ReadyMessage => ({
  type: 'ready',
  protocol: 1,
  sessionId: 'sess1',
  resumeSecret: 'secret-secret-secret-1',
  resumed,
  ackedSeq,
  outputSampleRateHz: 16_000,
  providers: {
    asr: { id: 'a', label: 'a' },
    llm: { id: 'l', label: 'l' },
    tts: { id: 't', label: 't' },
  },
  serverTimeMs: 0,
  eagerness: 'balanced',
});

export const chunk = (seq: number): PcmChunk => ({
  seq,
  firstSample: seq * 1600,
  samples: new Int16Array(1600),
});

/**
 * A connection on fake sockets and fake time. `received` lists what reached the app: message
 * types, `delta:<text>`, `audio:<seq>:<samples>`. `ticket` answers each ticket request (default:
 * a fresh ticket at once).
 */
export function setup(
  options: Partial<
    Pick<HandOffConnectionOptions, 'getTicket' | 'ticketTimeoutMs' | 'resumeFrom'>
  > = {},
) {
  const time = fakeTime();
  const sockets: FakeSocket[] = [];
  const states: ConnectionState[] = [];
  const received: string[] = [];
  let tickets = 0;
  const conn = new HandOffConnection({
    url: 'ws://relay/ws',
    getTicket: () => Promise.resolve(`ticket-${++tickets}-xxxxxxxxxxxxxxxx`),
    ...options,
    hello: { outputSampleRateHz: 16_000 },
    openSocket: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    events: {
      onState: (s) => states.push(s),
      onMessage: (m) => received.push(m.type === 'reply.delta' ? `delta:${m.text}` : m.type),
      onAudio: (f) =>
        received.push(
          `audio:${f.seq}:${'samples' in f ? f.samples.join(',') : `opus ${f.samples48k}`}`,
        ),
    },
    heartbeatMs: 5000,
    random: () => 0.5,
    ...time,
  });
  const last = () => {
    const s = sockets.at(-1);
    if (!s) throw new Error('no socket yet');
    return s;
  };
  return { conn, time, sockets, states, received, last };
}

/** A connection whose relay has answered `ready` (a new session). */
export async function connected(options: Parameters<typeof setup>[0] = {}) {
  const t = setup(options);
  const started = t.conn.start();
  await flush();
  t.last().open();
  t.last().receive(ready(false));
  await started;
  return t;
}

/** Lets pending promise callbacks run. */
export async function flush() {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}
