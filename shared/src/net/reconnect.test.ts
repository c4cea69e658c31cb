import { describe, expect, it } from 'vitest';
import { encodeAudioFrame, FrameKind } from '../protocol/codec.ts';
import { CloseCode, type ServerMessage } from '../protocol/messages.ts';
import { connected, flush, ready } from './connection-test-kit.ts';

const unreachable = () => Object.assign(new Error('fetch failed'), { status: 0 });

/** A ticket source the test controls: each request is answered by `answer` (or hangs). */
function tickets(answer: (n: number, signal: AbortSignal) => Promise<string> | 'hang') {
  const calls: { at: number; signal: AbortSignal }[] = [];
  let clock = () => 0;
  return {
    calls,
    useClock: (now: () => number) => (clock = now),
    getTicket: (signal: AbortSignal) => {
      calls.push({ at: clock(), signal });
      const a = answer(calls.length, signal);
      return a === 'hang' ? new Promise<string>(() => undefined) : a;
    },
  };
}

const ticket = (n: number) => Promise.resolve(`ticket-${n}-xxxxxxxxxxxxxxxx`);

describe('ResilientConnection: every step of a reconnect has a deadline', () => {
  it('gives up on a ticket request that never answers and tries again, on a new request', async () => {
    const source = tickets((n) => (n === 2 ? 'hang' : ticket(n)));
    const t = await connected({ getTicket: source.getTicket, ticketTimeoutMs: 5000 });
    source.useClock(t.time.now);
    t.last().drop(1006);
    await t.time.advance(125);
    expect(source.calls).toHaveLength(2);
    await t.time.advance(5000);
    // The request that hung is told to give up (it must not hold its pooled connection).
    expect(source.calls[1]?.signal.aborted).toBe(true);
    const state = t.states.at(-1);
    expect(state?.kind).toBe('reconnecting');
    expect(state?.kind === 'reconnecting' && state.reason).toMatch(/^ticket: /);
    await t.time.advance(1000);
    await flush();
    expect(source.calls).toHaveLength(3);
    expect(t.sockets).toHaveLength(2);
    t.last().open();
    t.last().receive(ready(true));
    expect(t.conn.resumes).toBe(1);
  });

  it('does not start a second attempt while one is getting its ticket', async () => {
    const pending: ((ticket: string) => void)[] = [];
    const source = tickets((n) =>
      n === 1 ? ticket(n) : new Promise<string>((resolve) => pending.push(resolve)),
    );
    const t = await connected({ getTicket: source.getTicket });
    t.last().drop(1006);
    await t.time.advance(125);
    expect(source.calls).toHaveLength(2);
    t.conn.reconnectNow(); // the page came back online meanwhile
    expect(source.calls).toHaveLength(2);
    for (const resolve of pending) resolve('ticket-2-xxxxxxxxxxxxxxxx');
    await flush();
    expect(t.sockets).toHaveLength(2);
  });

  it('gives up on a silent socket with "abandoned", never a close that would end the session', async () => {
    const t = await connected();
    const first = t.last();
    await t.time.advance(11_300);
    expect(first.closed).toBe(true);
    expect(first.closeCode).toBe(CloseCode.Abandoned);
  });

  it('gives up on a handshake that never completes with "abandoned" too', async () => {
    const t = await connected();
    t.last().drop(1006);
    await t.time.advance(125);
    await flush();
    const second = t.last();
    second.open();
    await t.time.advance(10_000);
    expect(second.closeCode).toBe(CloseCode.Abandoned);
  });
});

describe('ResilientConnection: a dead path is noticed soon when it matters', () => {
  it('the user stops speaking: a ping goes with it, and no answer within the pong timeout means dead', async () => {
    const t = await connected();
    const socket = t.last();
    socket.answer(socket.pings()[0]);
    await t.time.advance(4000);
    // The path dies now, as the user finishes the sentence.
    t.conn.send({ type: 'utterance.end', turnId: 1, lastSeq: 0, speechEndAtMs: 0, sentAtMs: 0 });
    expect(socket.json().at(-1)?.type).toBe('ping');
    await t.time.advance(2499);
    expect(socket.closed).toBe(false);
    await t.time.advance(250);
    expect(socket.closed).toBe(true);
    expect(socket.closeCode).toBe(CloseCode.Abandoned);
  });
});

describe('ResilientConnection: a busy page is not a dead path', () => {
  it('a check that runs late lets the answer already waiting in the socket be read first', async () => {
    const t = await connected();
    const socket = t.last();
    const ping = socket.pings()[0];
    // The page was busy for 3 s; the pong arrived meanwhile and waits behind the late check.
    t.time.freeze(3000);
    await t.time.advance(0);
    expect(socket.closed).toBe(false);
    socket.answer(ping);
    await t.time.advance(1000);
    expect(socket.closed).toBe(false);
    // A path that is really dead is still given up on, a tick later.
    await t.time.advance(6000);
    expect(socket.closed).toBe(true);
  });

  it('a hidden tab, whose timers always run late, still gives up on a dead path', async () => {
    const t = await connected();
    const socket = t.last();
    for (let i = 0; i < 5 && !socket.closed; i++) {
      t.time.freeze(1000); // throttled: one timer a second
      await t.time.advance(0);
    }
    expect(socket.closed).toBe(true);
  });
});

describe('ResilientConnection: back within moments of the relay returning', () => {
  it.each([
    ['the connection was lost (1006)', 1006],
    ['the relay said it is restarting (1012)', CloseCode.ServiceRestart],
  ])('while the relay cannot be reached it is tried at a steady pace: %s', async (_, code) => {
    let down = true;
    const source = tickets((n) => (n === 1 || !down ? ticket(n) : Promise.reject(unreachable())));
    const t = await connected({ getTicket: source.getTicket });
    source.useClock(t.time.now);
    t.last().drop(code);
    // A minute away: the backoff would have grown to 10 s by now.
    for (let ms = 0; ms < 60_000; ms += 100) await t.time.advance(100);
    const gaps = source.calls.slice(2).map((c, i) => c.at - (source.calls[i + 1]?.at ?? 0));
    expect(gaps.length).toBeGreaterThan(60);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(600);
    down = false;
    const back = t.time.now();
    await t.time.advance(600);
    await flush();
    expect(t.sockets).toHaveLength(2);
    expect(source.calls.at(-1)!.at - back).toBeLessThanOrEqual(600);
  });

  it('a relay that answers with a failure is backed off exponentially', async () => {
    const failing = () => Promise.reject(Object.assign(new Error('boom'), { status: 500 }));
    const source = tickets((n) => (n === 1 ? ticket(n) : failing()));
    const t = await connected({ getTicket: source.getTicket });
    source.useClock(t.time.now);
    t.last().drop(1011);
    await t.time.advance(30_000);
    const delays = t.states.flatMap((s) => (s.kind === 'reconnecting' ? [s.nextInMs] : []));
    expect(delays.at(-1)).toBeGreaterThan(2000);
  });
});

describe('ResilientConnection: a turn answered again after a relay restart', () => {
  const frame = (seq: number, samples: number[]) =>
    encodeAudioFrame({
      kind: FrameKind.Reply,
      seq,
      turnId: 1,
      timestampMs: 0,
      samples: Int16Array.from(samples),
    }).buffer;
  const msg = (m: ServerMessage) => m;
  /** Sentence `index` of turn 1's reply, its audio from `startSample`. */
  const segment = (seq: number, index: number, text: string, startSample: number) =>
    msg({ type: 'reply.segment', seq, turnId: 1, index, text, startSample });

  it('passes on each part of the reply once: what was received before, then the rest', async () => {
    const t = await connected();
    const first = t.last();
    first.receive(msg({ type: 'transcript.final', seq: 0, turnId: 1, text: 'what can you do' }));
    first.receive(msg({ type: 'reply.delta', seq: 1, turnId: 1, text: 'I can tell' }));
    first.receive(segment(2, 0, 'I can tell', 0));
    first.receive(frame(3, [1, 2, 3]));
    first.receive(frame(4, [4, 5]));
    // The relay dies; the restarted one has none of this and answers the replayed utterance.
    first.drop(1006);
    await t.time.advance(125);
    await flush();
    t.last().open();
    t.last().receive(ready(true));
    const again = t.last();
    again.receive(msg({ type: 'transcript.final', seq: 5, turnId: 1, text: 'what can you do' }));
    again.receive(msg({ type: 'reply.delta', seq: 6, turnId: 1, text: 'I can tell the time.' }));
    again.receive(segment(7, 0, 'I can tell', 0));
    again.receive(frame(8, [1, 2, 3, 4]));
    again.receive(frame(9, [5, 6, 7]));
    again.receive(segment(10, 1, 'the time.', 7));
    again.receive(frame(11, [8, 9]));
    again.receive(
      msg({
        type: 'turn.done',
        seq: 12,
        turnId: 1,
        status: 'completed',
        reply: 'I can tell the time.',
        audioSamples: 9,
        timings: {},
      }),
    );
    expect(t.received).toEqual([
      'transcript.final',
      'delta:I can tell',
      'reply.segment',
      'audio:3:1,2,3',
      'audio:4:4,5',
      'delta: the time.',
      'audio:9:6,7',
      'reply.segment',
      'audio:11:8,9',
      'turn.done',
    ]);
  });
});
