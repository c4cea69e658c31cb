import { describe, expect, it } from 'vitest';
import { encodeAudioFrame, FrameKind } from '../protocol/codec.ts';
import { CloseCode } from '../protocol/messages.ts';
import { chunk, connected, flush, ready, setup } from './connection-test-kit.ts';

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

  it('replays the pauses and resumes told while disconnected with the audio (issue 61)', async () => {
    const t = setup();
    const started = t.conn.start();
    await flush();
    t.last().open();
    t.last().receive(ready(false));
    await started;
    t.conn.send({ type: 'utterance.start', turnId: 1, firstSeq: 0, speechStartAtMs: 0 });
    t.conn.sendChunk(chunk(0), 1, 0);
    t.last().drop();
    t.conn.send({ type: 'utterance.pause', turnId: 1, lastSeq: 0 });
    t.conn.send({ type: 'utterance.resume', turnId: 1 });
    t.conn.sendChunk(chunk(1), 1, 100);
    t.conn.send({ type: 'utterance.pause', turnId: 1, lastSeq: 1 });
    await t.time.advance(125);
    await flush();
    t.last().open();
    t.last().receive(ready(true, -1));
    expect(
      t
        .last()
        .json()
        .map((m) => m.type),
    ).toEqual([
      'hello',
      'utterance.start',
      'utterance.pause',
      'utterance.resume',
      'utterance.pause',
      'ping',
    ]);
    expect(t.last().json()[4]).toMatchObject({ lastSeq: 1 });
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
    expect(t.received).toEqual(['delta:Hi', 'audio:1:0,0,0,0', 'delta: there']);
  });

  it('detects a half-open socket within a pong timeout of its ping, and reconnects', async () => {
    const t = await connected();
    const first = t.last();
    await t.time.advance(2_499);
    expect(first.closed).toBe(false);
    await t.time.advance(250);
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
    // Tried again at once (the page may have been too busy), twice, then given up.
    for (let i = 0; i < 2; i++) {
      await t.time.advance(0);
      await flush();
      await t.time.advance(10_000);
    }
    expect(t.sockets).toHaveLength(3);
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
      const ping = t.last().pings().at(-1);
      t.last().answer(ping, ping?.clientTimeMs);
      await t.time.advance(5000);
    }
    expect(t.last().closed).toBe(false);
    expect(t.conn.roundTrips.length).toBeGreaterThan(3);
  });

  it('tells the relay in each ping the last turn output it has handled', async () => {
    const t = await connected();
    const lastPing = () => t.last().pings().at(-1);
    const first = lastPing();
    expect(first).toMatchObject({ receivedSeq: -1 });
    t.last().answer(first);
    t.last().receive({ type: 'transcript.final', seq: 0, turnId: 1, text: 'hello' });
    t.last().receive({ type: 'transcript.final', seq: 1, turnId: 1, text: 'hello again' });
    await t.time.advance(5000);
    expect(lastPing()).toMatchObject({ receivedSeq: 1 });
  });

  it('tells the relay at once when a turn is done that it has all of its output', async () => {
    const t = await connected();
    const pings = () => t.last().pings();
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

  it('keeps a message typed while disconnected and sends it after the resume, until its turn is done', async () => {
    const t = await connected();
    t.last().drop();
    t.conn.send({ type: 'user.text', turnId: 1, text: 'are you there?' });
    expect(t.conn.unansweredTyped).toBe(1);
    await t.time.advance(1000);
    await flush();
    t.last().open();
    t.last().receive(ready(true));
    expect(
      t
        .last()
        .json()
        .map((m) => m.type),
    ).toEqual(['hello', 'user.text', 'ping']);
    t.last().receive({
      type: 'turn.done',
      seq: 0,
      turnId: 1,
      status: 'completed',
      reply: 'Yes.',
      audioSamples: 0,
      timings: {},
    });
    expect(t.conn.unansweredTyped).toBe(0);
    expect(t.conn.sessionId).toBe('sess1');
  });

  it('goes offline without retrying when the relay refuses for good', async () => {
    const t = await connected();
    t.last().drop(CloseCode.BudgetExceeded);
    expect(t.states.at(-1)).toMatchObject({ kind: 'offline' });
    await t.time.advance(60_000);
    expect(t.sockets).toHaveLength(1);
  });

  it('tries the first connection again at once when the relay had no hello in time (the page was busy), twice at most', async () => {
    const t = setup();
    const started = t.conn.start();
    await flush();
    t.last().open();
    t.last().drop(CloseCode.HandshakeTimeout);
    await t.time.advance(0);
    await flush();
    expect(t.sockets).toHaveLength(2);
    t.last().open();
    t.last().drop(CloseCode.HandshakeTimeout);
    await t.time.advance(0);
    await flush();
    expect(t.sockets).toHaveLength(3);
    t.last().open();
    t.last().drop(CloseCode.HandshakeTimeout);
    await expect(started).rejects.toThrow();
    expect(t.sockets).toHaveLength(3);
  });

  it('tries the first connection again when its own handshake deadline passed, and starts', async () => {
    const t = setup();
    const started = t.conn.start();
    await flush();
    t.last().open();
    await t.time.advance(10_000);
    expect(t.sockets[0]?.closed).toBe(true);
    await t.time.advance(0);
    await flush();
    expect(t.sockets).toHaveLength(2);
    t.last().open();
    t.last().receive(ready(false));
    await expect(started).resolves.toMatchObject({ type: 'ready' });
  });

  it('does not try the first connection again when the relay refused it', async () => {
    const t = setup();
    const started = t.conn.start();
    await flush();
    t.last().open();
    t.last().drop(CloseCode.InternalError);
    await expect(started).rejects.toThrow();
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
