import { writeFileSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pcm16ToFloat } from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import { UtteranceStreamer } from '../src/talk/stream.ts';
import { closeSynthesizers, synthesizeSpeech } from './fixtures/speech.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { micFrames } from './prometheus-text.ts';
import { TcpProxy } from './tcp-proxy.ts';

const HEARTBEAT_MS = 500;
const figures: Record<string, number> = {};

async function say(text: string): Promise<Float32Array> {
  return pcm16ToFloat(
    (await synthesizeSpeech(text, { leadingSilenceMs: 300, trailingSilenceMs: 900 })).samples,
  );
}

/** Resolves with the time the client reports `connected` again after a reconnect. */
function resumedAt(client: TalkClient): Promise<number> {
  const before = client.connection.resumes;
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      if (client.connection.resumes > before) {
        clearInterval(poll);
        resolve(performance.now());
      }
    }, 5);
  });
}

describe('a connection that never loses a word (through a misbehaving network)', () => {
  let relay: TestRelay;
  let proxy: TcpProxy;
  /** Microphone frames the relay accepted since `since` (its /metrics). */
  const framesSince = async (since: { accepted: number }) =>
    (await micFrames(relay)).accepted - since.accepted;
  beforeAll(async () => {
    relay = await startTestRelay({ SERVER_HEARTBEAT_S: '1' });
    proxy = new TcpProxy(relay.port);
    await proxy.listen();
  });
  afterAll(async () => {
    await proxy.close();
    await closeSynthesizers();
    await relay.close();
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/network-figures.json', JSON.stringify(figures, null, 2));
  });

  it('a mid-utterance drop: the client resumes, the transcript is complete, every seq seen exactly once', async () => {
    const client = await TalkClient.connect(`ws://127.0.0.1:${proxy.port}/ws`, {
      heartbeatMs: HEARTBEAT_MS,
    });
    const streamer = new UtteranceStreamer(client);
    const speech = await say('What time is it?');
    const before = await micFrames(relay);
    // The fixed end of turn: the chunk counts below assume its 500 ms of trailing silence.
    const turn = streamer.stream(speech, { endOfTurn: 'fixed' });
    // The user is mid-sentence: the relay has 800 ms of the utterance (400 ms of it padding).
    await expect.poll(() => framesSince(before)).toBeGreaterThanOrEqual(8);
    const droppedAt = performance.now();
    proxy.drop();
    const resumed = resumedAt(client);
    const [answer] = await turn;
    figures.dropToResumedMs = Math.round((await resumed) - droppedAt);

    expect(answer?.transcript).toBe('what time is it');
    expect(answer?.status).toBe('completed');
    const chunks = Math.ceil(speech.length / 1600);
    // Every chunk of the utterance reached the recogniser once; replays were dropped as duplicates.
    const after = await micFrames(relay);
    expect(after.missing - before.missing).toBe(0);
    expect(after.accepted - before.accepted).toBeGreaterThan(chunks * 0.6);
    expect(after.accepted - before.accepted).toBeLessThanOrEqual(chunks + 3);
    expect(client.connection.lostChunks).toBe(0);
    // Acknowledged once the turn is stored, which may come just after its turn.done.
    await expect.poll(() => client.connection.unackedChunks).toBe(0);
    client.close();
  });

  it('the relay lets go of the turn output the client confirms in its heartbeat', async () => {
    const client = await TalkClient.connect(`ws://127.0.0.1:${proxy.port}/ws`, {
      heartbeatMs: HEARTBEAT_MS,
    });
    const [answer] = await new UtteranceStreamer(client).stream(await say('What time is it?'), {
      speed: 4,
    });
    expect(answer?.status).toBe('completed');
    expect(answer?.replyAudioMs).toBeGreaterThan(0);
    const session = relay.registry.get(client.ready.sessionId);
    // Kept for a resume until the client says it has it (its turn and the previous one otherwise).
    await expect.poll(() => session?.journalBytes, { timeout: 5_000 }).toBe(0);
    client.close();
  });

  it('a black-holed connection is detected within two heartbeat intervals and resumed when the network returns', async () => {
    const client = await TalkClient.connect(`ws://127.0.0.1:${proxy.port}/ws`, {
      heartbeatMs: HEARTBEAT_MS,
      handshakeTimeoutMs: 1500,
    });
    const streamer = new UtteranceStreamer(client);
    const speech = await say('Good morning.');
    const before = await micFrames(relay);
    const turn = streamer.stream(speech);
    await expect.poll(() => framesSince(before)).toBeGreaterThanOrEqual(6);
    const start = performance.now();
    proxy.blackhole();
    const detected = await new Promise<number>((resolve) => {
      const poll = setInterval(() => {
        if (
          client.states.at(-1)?.kind === 'reconnecting' ||
          client.states.at(-1)?.kind === 'connecting'
        ) {
          clearInterval(poll);
          resolve(performance.now() - start);
        }
      }, 5);
    });
    figures.blackholeDetectedMs = Math.round(detected);
    // Noticed by the heartbeat, far below TCP's own minutes-long timeouts. Its exact bound is the
    // heartbeat's (shared/src/net/heartbeat.test.ts, on fake time); the figure is recorded.
    expect(detected).toBeLessThan(10_000);

    // The outage lasts while the user finishes the sentence: all of it is kept for the resume.
    // (This client's first turn: turn 1.)
    await expect.poll(() => client.turns.get(1)?.endSentAtMs ?? null).not.toBeNull();
    const restoredAt = performance.now();
    const resumed = resumedAt(client);
    proxy.restore();
    const [answer] = await turn;
    figures.restoreToResumedMs = Math.round((await resumed) - restoredAt);
    expect(answer?.transcript).toBe('good morning');
    expect(answer?.status).toBe('completed');
    expect(client.connection.lostChunks).toBe(0);
    expect((await micFrames(relay)).missing - before.missing).toBe(0);
    client.close();
  });

  it('a slow network (150 ms each way) only adds latency', async () => {
    proxy.restore(); // whatever the previous test left
    proxy.delayMs = 150;
    try {
      const client = await TalkClient.connect(`ws://127.0.0.1:${proxy.port}/ws`, {
        heartbeatMs: HEARTBEAT_MS,
      });
      const [answer] = await new UtteranceStreamer(client).stream(
        await say('Thank you very much.'),
        { speed: 4 },
      );
      expect(answer?.transcript).toBe('thank you very much');
      expect(client.connection.resumes).toBe(0);
      client.close();
    } finally {
      proxy.delayMs = 0;
    }
  });
});
