import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { CHUNK_SAMPLES, pcm16ToFloat, type ServerMessage } from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import { UtteranceStreamer } from '../src/talk/stream.ts';
import { helloFor, micFrame, RawClient } from './clients.ts';
import { closeSynthesizers, synthesizeSpeech } from './fixtures/speech.ts';
import { startTestRelay, type TestRelay } from './harness.ts';

const SECRET = 'a-test-secret-that-is-at-least-32-characters-long';

/** A JWT for `sub`: each user of these tests is a different person. */
function token(sub: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(SECRET));
}

function startRelay(env: Record<string, string> = {}): Promise<TestRelay> {
  return startTestRelay({
    AUTH_MODE: 'jwt',
    JWT_SECRET: SECRET,
    ALLOWED_ORIGINS: 'http://127.0.0.1',
    // Every user of these tests connects from 127.0.0.1; the IP limit has its own tests.
    CONNECTIONS_PER_IP_BURST: '100',
    ...env,
  });
}

async function session(relay: TestRelay, user: string): Promise<RawClient> {
  const c = await RawClient.open(relay.wsUrl);
  c.send(await helloFor(relay, await token(user)));
  await c.next('ready');
  return c;
}

const start = (turnId: number, firstSeq: number) => ({
  type: 'utterance.start',
  turnId,
  firstSeq,
  speechStartAtMs: Date.now(),
});
const end = (turnId: number, lastSeq: number) => ({
  type: 'utterance.end',
  turnId,
  lastSeq,
  speechEndAtMs: Date.now(),
  sentAtMs: Date.now(),
});

const errors = (c: RawClient) =>
  c.messages.filter((m): m is Extract<ServerMessage, { type: 'error' }> => m.type === 'error');
const lastAck = (c: RawClient) =>
  c.messages.reduce((seq, m) => (m.type === 'ack' ? Math.max(seq, m.seq) : seq), -1);
const turnDone = (c: RawClient, turnId: number) =>
  c.messages.find((m) => m.type === 'turn.done' && m.turnId === turnId);

/**
 * Counts the decoder processes the relay starts: a `pocketsphinx_continuous` first in PATH that
 * notes each start, then runs the real one.
 */
function countDecoderStarts() {
  const dir = mkdtempSync(join(tmpdir(), 'parley-decoders-'));
  const log = join(dir, 'starts');
  writeFileSync(log, '');
  const real = '/usr/bin/pocketsphinx_continuous';
  const wrapper = join(dir, 'pocketsphinx_continuous');
  writeFileSync(wrapper, `#!/bin/sh\necho >> '${log}'\nexec ${real} "$@"\n`);
  chmodSync(wrapper, 0o755);
  const path = process.env.PATH;
  process.env.PATH = `${dir}:${path ?? ''}`;
  return {
    starts: () => readFileSync(log, 'utf8').length,
    restore: () => {
      process.env.PATH = path;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let pings = 0;
/** Resolves once the relay has handled everything `c` sent before (a ping's pong is back). */
async function handled(c: RawClient): Promise<void> {
  const id = ++pings;
  c.send({ type: 'ping', id, clientTimeMs: 0 });
  await expect.poll(() => c.messages.some((m) => m.type === 'pong' && m.id === id)).toBe(true);
}

describe('speech recognition is bounded per user and per relay', () => {
  let relay: TestRelay | null = null;
  let restore: () => void = () => undefined;
  afterEach(async () => {
    await relay?.close();
    relay = null;
    restore();
    restore = () => undefined;
    await closeSynthesizers();
  });

  it('a burst of start/frame/cancel starts no decoder per utterance and is capped; another user is answered', async () => {
    const decoders = countDecoderStarts();
    restore = decoders.restore;
    relay = await startRelay();
    const before = decoders.starts();
    const speech = (await synthesizeSpeech('Play some music.')).samples;
    const mallory = await session(relay, 'mallory');
    // Issue 20's pattern, 60 utterances at once (inside the message burst).
    for (let turnId = 1; turnId <= 60; turnId++) {
      const seq = turnId - 1;
      const at = (seq * 800) % (speech.length - CHUNK_SAMPLES);
      mallory.send(start(turnId, seq));
      mallory.send(micFrame(seq, turnId, speech.slice(at, at + CHUNK_SAMPLES)));
      mallory.send({ type: 'utterance.cancel', turnId, reason: 'misfire' });
    }
    const alice = await TalkClient.connect(relay.wsUrl, { token: await token('alice') });
    const { samples } = await synthesizeSpeech('What time is it?', {
      leadingSilenceMs: 400,
      trailingSilenceMs: 900,
    });
    const [turn] = await new UtteranceStreamer(alice).stream(pcm16ToFloat(samples), { speed: 4 });
    expect(turn).toMatchObject({ status: 'completed', transcript: 'what time is it' });
    alice.close();

    // Every utterance beyond the burst was refused with its turn id, and every frame was
    // dropped quietly and acknowledged: no protocol error, the connection is still open.
    await expect.poll(() => lastAck(mallory)).toBe(59);
    const refused = errors(mallory);
    expect(refused.length).toBeGreaterThanOrEqual(40);
    for (const e of refused) {
      expect(e).toMatchObject({ code: 'rate-limited', retryable: true });
      expect(e.turnId).toBeGreaterThan(10);
      expect(e.retryAfterMs).toBeGreaterThan(0);
    }
    expect(mallory.ws.readyState).toBe(WebSocket.OPEN);
    mallory.ws.close();

    // A decoder for each of the two users, never one per utterance.
    expect(decoders.starts() - before).toBeLessThanOrEqual(2);
  });

  it('caps one user’s recognitions at once; a refused utterance ends with a failed turn', async () => {
    relay = await startRelay({ MAX_RECOGNITIONS_PER_USER: '2' });
    const [a, b, c] = [
      await session(relay, 'bob'),
      await session(relay, 'bob'),
      await session(relay, 'bob'),
    ];
    a.send(start(1, 0));
    b.send(start(1, 0));
    // The first two are admitted before the third asks.
    await handled(a);
    await handled(b);
    c.send(start(1, 0));
    const refusal = await c.next('error');
    expect(refusal).toMatchObject({ code: 'limit-exceeded', turnId: 1, retryable: true });
    expect(refusal.message).toMatch(/2 places at once/);
    for (let seq = 0; seq < 5; seq++) c.send(micFrame(seq, 1));
    c.send(end(1, 4));
    await expect.poll(() => turnDone(c, 1)).toMatchObject({ status: 'failed', reply: '' });
    await expect.poll(() => lastAck(c)).toBe(4);
    // One of the others is done: the third may speak now, and is heard (silence: nothing).
    a.send({ type: 'utterance.cancel', turnId: 1, reason: 'user' });
    await handled(a);
    c.send(start(2, 5));
    for (let seq = 5; seq < 10; seq++) c.send(micFrame(seq, 2));
    c.send(end(2, 9));
    await expect.poll(() => turnDone(c, 2), { timeout: 10_000 }).toMatchObject({ status: 'empty' });
    expect(errors(c)).toHaveLength(1);
    for (const x of [a, b, c]) x.ws.close();
  });

  it('cuts an utterance short once its user sends speech far faster than real time', async () => {
    relay = await startRelay({ RECOGNITION_AHEAD_S: '2', MAX_SESSIONS_PER_USER: '1' });
    const mallory = await session(relay, 'mallory');
    // 4 s of audio at once: 2 s ahead are allowed, then 1 s of audio per second of clock.
    mallory.send(start(1, 0));
    for (let seq = 0; seq < 40; seq++) mallory.send(micFrame(seq, 1));
    mallory.send(end(1, 39));
    const cut = await mallory.next('error');
    expect(cut).toMatchObject({ code: 'rate-limited', turnId: 1, retryable: true });
    expect(cut.retryAfterMs).toBeGreaterThan(0);
    await expect.poll(() => turnDone(mallory, 1)).toMatchObject({ status: 'failed' });
    await expect.poll(() => lastAck(mallory)).toBe(39);
    // Its later frames were dropped quietly: one error, and the connection goes on.
    await handled(mallory);
    expect(errors(mallory)).toHaveLength(1);
    expect(mallory.ws.readyState).toBe(WebSocket.OPEN);
    // Another user's allowance is their own.
    const alice = await session(relay, 'alice');
    alice.send(start(1, 0));
    for (let seq = 0; seq < 10; seq++) alice.send(micFrame(seq, 1));
    alice.send(end(1, 9));
    await expect
      .poll(() => turnDone(alice, 1), { timeout: 10_000 })
      .toMatchObject({
        status: 'empty',
      });
    expect(errors(alice)).toEqual([]);
    mallory.ws.close();
    alice.ws.close();
  });

  it('caps the relay’s recognitions at once, all users together', async () => {
    relay = await startRelay({ MAX_RECOGNITIONS: '1' });
    const alice = await session(relay, 'alice');
    const bob = await session(relay, 'bob');
    alice.send(start(1, 0));
    await handled(alice);
    bob.send(start(1, 0));
    const refusal = await bob.next('error');
    expect(refusal).toMatchObject({ code: 'limit-exceeded', turnId: 1, retryable: true });
    expect(refusal.message).toMatch(/recognising as much speech as it can/);
    alice.send({ type: 'utterance.cancel', turnId: 1, reason: 'user' });
    await handled(alice);
    bob.send(start(2, 0));
    for (let seq = 0; seq < 5; seq++) bob.send(micFrame(seq, 2));
    bob.send(end(2, 4));
    await expect
      .poll(() => turnDone(bob, 2), { timeout: 10_000 })
      .toMatchObject({
        status: 'empty',
      });
    expect(errors(bob)).toHaveLength(1);
    alice.ws.close();
    bob.ws.close();
  });
});
