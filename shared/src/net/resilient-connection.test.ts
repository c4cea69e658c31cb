import { describe, expect, it } from 'vitest';
import type { PcmChunk } from '../audio/chunker.ts';
import { encodeAudioFrame, FrameKind } from '../protocol/codec.ts';
import { CloseCode, type ClientMessage, type ReadyMessage } from '../protocol/messages.ts';
import {
  ResilientConnection,
  type ConnectionState,
  type SocketLike,
} from './resilient-connection.ts';

/** A socket the test drives by hand. */
class FakeSocket implements SocketLike {
  binaryType = 'blob';
  readyState = 0;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  readonly sent: (string | Uint8Array)[] = [];
  closed = false;
  send(data: string | Uint8Array): void {
    this.sent.push(data);
  }
  close(): void {
    this.closed = true;
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
    async advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, t]) => t.at <= end)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
        await Promise.resolve();
        await Promise.resolve();
      }
      now = end;
    },
  };
}

const ready = (resumed: boolean, ackedSeq = -1): ReadyMessage => ({
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
});

const chunk = (seq: number): PcmChunk => ({
  seq,
  firstSample: seq * 1600,
  samples: new Int16Array(1600),
});

function setup() {
  const time = fakeTime();
  const sockets: FakeSocket[] = [];
  const states: ConnectionState[] = [];
  const received: string[] = [];
  let tickets = 0;
  const conn = new ResilientConnection({
    url: 'ws://relay/ws',
    getTicket: () => Promise.resolve(`ticket-${++tickets}-xxxxxxxxxxxxxxxx`),
    hello: { outputSampleRateHz: 16_000 },
    openSocket: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    events: {
      onState: (s) => states.push(s),
      onMessage: (m) => received.push(m.type === 'reply.delta' ? `delta:${m.text}` : m.type),
      onAudio: (f) => received.push(`audio:${f.seq}`),
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
async function connected() {
  const t = setup();
  const started = t.conn.start();
  await flush();
  t.last().open();
  t.last().receive(ready(false));
  await started;
  return t;
}

async function flush() {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('ResilientConnection', () => {
  it('says hello with a ticket, then resumes the same session after a drop, replaying what was not acknowledged', async () => {
    const t = setup();
    const started = t.conn.start();
    await flush();
    t.last().open();
    expect(t.last().json()[0]).toMatchObject({
      type: 'hello',
      ticket: 'ticket-1-xxxxxxxxxxxxxxxx',
    });
    t.last().receive(ready(false));
    await started;

    t.conn.send({ type: 'utterance.start', turnId: 1, firstSeq: 0, speechStartAtMs: 0 });
    t.conn.sendChunk(chunk(0), 1, 0);
    t.last().drop();
    expect(t.states.at(-1)).toMatchObject({ kind: 'reconnecting', attempt: 1, nextInMs: 125 });
    // Captured while disconnected: kept for later.
    t.conn.sendChunk(chunk(1), 1, 100);
    t.conn.send({ type: 'utterance.end', turnId: 1, lastSeq: 1, speechEndAtMs: 0, sentAtMs: 0 });

    await t.time.advance(125);
    await flush();
    const second = t.last();
    expect(t.sockets).toHaveLength(2);
    second.open();
    expect(second.json()[0]).toMatchObject({
      type: 'hello',
      ticket: 'ticket-2-xxxxxxxxxxxxxxxx',
      resume: { sessionId: 'sess1', secret: 'secret-secret-secret-1', lastSeq: -1 },
    });
    second.receive(ready(true, -1));
    expect(second.json().map((m) => m.type)).toEqual([
      'hello',
      'utterance.start',
      'utterance.end',
      'ping',
    ]);
    expect(second.audioSeqs()).toEqual([0, 1]);
    expect(t.states.at(-1)).toEqual({ kind: 'connected', resumed: true });
    expect(t.conn.resumes).toBe(1);
    second.receive({ type: 'ack', seq: 1 });
    expect(t.conn.unackedChunks).toBe(0);
  });

  it('drops turn output it already has when the relay replays it', async () => {
    const t = await connected();
    t.last().receive({ type: 'reply.delta', seq: 0, turnId: 1, text: 'Hi' });
    const frame = encodeAudioFrame({
      kind: FrameKind.Reply,
      seq: 1,
      turnId: 1,
      timestampMs: 0,
      samples: new Int16Array(4),
    });
    t.last().receive(frame.buffer);
    t.last().drop();
    await t.time.advance(1000);
    await flush();
    t.last().open();
    expect(t.last().json()[0]).toMatchObject({ resume: { lastSeq: 1 } });
    t.last().receive(ready(true));
    t.last().receive({ type: 'reply.delta', seq: 0, turnId: 1, text: 'Hi' });
    t.last().receive(frame.buffer);
    t.last().receive({ type: 'reply.delta', seq: 2, turnId: 1, text: ' there' });
    expect(t.received).toEqual(['delta:Hi', 'audio:1', 'delta: there']);
  });

  it('detects a half-open socket within two heartbeat intervals and reconnects', async () => {
    const t = await connected();
    const first = t.last();
    await t.time.advance(9_999);
    expect(first.closed).toBe(false);
    await t.time.advance(1_300);
    expect(first.closed).toBe(true);
    expect(
      t.states.some((s) => s.kind === 'reconnecting' && s.reason === 'no answer from the relay'),
    ).toBe(true);
  });

  it('keeps listening for errors on a socket it gave up on while it was still connecting', async () => {
    const t = setup();
    const started = t.conn.start().catch((err: unknown) => err);
    await flush();
    const connecting = t.last();
    await t.time.advance(10_000);
    expect(connecting.closed).toBe(true);
    expect(await started).toBeInstanceOf(Error);
    // ws emits 'error' after close() on a connecting socket; without a listener Node throws.
    expect(() =>
      connecting.onerror?.(new Error('closed before the connection was established')),
    ).not.toThrow();
    expect(connecting.onerror).not.toBeNull();
  });

  it('stays alive while pongs come back', async () => {
    const t = await connected();
    for (let i = 0; i < 6; i++) {
      const ping = t
        .last()
        .json()
        .filter((m) => m.type === 'ping')
        .at(-1);
      if (ping?.type === 'ping')
        t.last().receive({
          type: 'pong',
          id: ping.id,
          clientTimeMs: ping.clientTimeMs,
          serverTimeMs: 0,
        });
      await t.time.advance(5000);
    }
    expect(t.last().closed).toBe(false);
    expect(t.conn.roundTrips.length).toBeGreaterThan(3);
  });

  it('tells the relay in each ping the last turn output it has handled', async () => {
    const t = await connected();
    const lastPing = () =>
      t
        .last()
        .json()
        .filter((m) => m.type === 'ping')
        .at(-1);
    expect(lastPing()).toMatchObject({ receivedSeq: -1 });
    t.last().receive({ type: 'transcript.final', seq: 0, turnId: 1, text: 'hello' });
    t.last().receive({ type: 'transcript.final', seq: 1, turnId: 1, text: 'hello again' });
    await t.time.advance(5000);
    expect(lastPing()).toMatchObject({ receivedSeq: 1 });
  });

  it('tells the relay at once when a turn is done that it has all of its output', async () => {
    const t = await connected();
    const pings = () =>
      t
        .last()
        .json()
        .filter((m) => m.type === 'ping');
    const done = {
      type: 'turn.done',
      seq: 1,
      turnId: 1,
      status: 'completed',
      reply: 'Hi.',
      audioSamples: 0,
      timings: {},
    } as const;
    const before = pings().length;
    t.last().receive({ type: 'transcript.final', seq: 0, turnId: 1, text: 'hello' });
    expect(pings()).toHaveLength(before);
    t.last().receive(done);
    expect(pings()).toHaveLength(before + 1);
    expect(pings().at(-1)).toMatchObject({ receivedSeq: 1 });
    // A replayed turn.done (already handled) says nothing new.
    t.last().receive(done);
    expect(pings()).toHaveLength(before + 1);
  });

  it('goes offline without retrying when the relay refuses for good', async () => {
    const t = await connected();
    t.last().drop(CloseCode.BudgetExceeded);
    expect(t.states.at(-1)).toMatchObject({ kind: 'offline' });
    await t.time.advance(60_000);
    expect(t.sockets).toHaveLength(1);
  });

  it('rejects start when the very first connection fails', async () => {
    const t = setup();
    const started = t.conn.start();
    await flush();
    t.last().drop(1006);
    await expect(started).rejects.toThrow();
  });
});
