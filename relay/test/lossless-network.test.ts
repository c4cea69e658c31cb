import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TalkClient } from '../src/talk/client.ts';
import { UtteranceStreamer } from '../src/talk/stream.ts';
import { closeSynthesizers } from './fixtures/speech.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import {
  beforeSending,
  expectLossless,
  outcome,
  PHRASE,
  say,
  untilReconnecting,
  type TurnOutcome,
} from './lossless-helpers.ts';
import { micFrames } from './prometheus-text.ts';
import { TcpProxy } from './tcp-proxy.ts';

const HEARTBEAT_MS = 500;

/**
 * Issue 28: the network faults a phone produces, each in the middle of a turn, through a TCP
 * proxy — and each turn comes out as it does on a clean network.
 */
describe('never lose a word: network faults mid-turn (headless client)', () => {
  let relay: TestRelay;
  let reference: TurnOutcome;
  let speech: Float32Array;
  beforeAll(async () => {
    relay = await startTestRelay({ SERVER_HEARTBEAT_S: '30' });
    speech = await say(PHRASE);
    const client = await TalkClient.connect(relay.wsUrl, { heartbeatMs: HEARTBEAT_MS });
    // The reference (no fault: audio ahead of real time).
    const [clean] = await new UtteranceStreamer(client).stream(speech, { speed: 4 });
    client.close();
    reference = outcome(clean);
    expect(reference.transcript).not.toBe('');
    expect(reference.replyAudioMs).toBeGreaterThan(5000);
  });
  afterAll(async () => {
    await closeSynthesizers();
    await relay.close();
  });

  /**
   * Runs the phrase through a fresh proxy; `fault` is armed once the client is connected.
   * `speed`: how much faster than real time the phrase is said (1 when the fault is in it).
   */
  async function throughFault(
    fault: (p: {
      proxy: TcpProxy;
      client: TalkClient;
      /** Microphone frames the relay had accepted before the turn (its /metrics). */
      framesBefore: number;
    }) => Promise<void> | void,
    speed = 1,
  ) {
    const proxy = new TcpProxy(relay.port);
    await proxy.listen();
    try {
      const client = await TalkClient.connect(`ws://127.0.0.1:${proxy.port}/ws`, {
        heartbeatMs: HEARTBEAT_MS,
      });
      const framesBefore = (await micFrames(relay)).accepted;
      const turn = new UtteranceStreamer(client).stream(speech, { speed });
      await fault({ proxy, client, framesBefore });
      const [report] = await turn;
      await expectLossless(client, report, reference, relay.storage);
      // A fault late in the turn can leave the client still reconnecting: its goodbye (1000)
      // ends the session only once it has a connection to say it on.
      await expect.poll(() => client.states.at(-1)?.kind).toBe('connected');
      client.close();
      // The user ended it: the session ends (its slot is free for the next test).
      await expect.poll(() => relay.registry.get(client.ready.sessionId)).toBeUndefined();
      return client;
    } finally {
      await proxy.close();
    }
  }

  /** Once the relay has accepted `frames` microphone frames of the turn (one session at a time). */
  const untilFrames = (framesBefore: number, frames: number) =>
    expect
      .poll(async () => (await micFrames(relay)).accepted - framesBefore, {
        timeout: 10_000,
        interval: 10,
      })
      .toBeGreaterThanOrEqual(frames);

  /** What the client had of the reply when the fault hit. */
  interface AtFault {
    sessionId: string;
    audioSamples: number;
    done: boolean;
  }

  /**
   * Once the client has reply audio of its first turn: what it had then. The fault is armed
   * right after, so a reply that had already arrived whole would show here.
   */
  async function midReply(client: TalkClient): Promise<AtFault> {
    await expect
      .poll(() => [...client.turns.values()][0]?.audioSamples ?? 0, {
        timeout: 20_000,
        interval: 5,
      })
      .toBeGreaterThan(0);
    return {
      sessionId: client.ready.sessionId,
      audioSamples: [...client.turns.values()][0]?.audioSamples ?? 0,
      done: client.received.some((m) => m.type === 'turn.done'),
    };
  }

  /**
   * The fault hit while the reply streamed (part of its audio still to come, the turn not done)
   * and the client came back into the same session by a resume (`ready.resumed`), where the
   * rest of the reply reached it (its whole audio, once: see `expectLossless`).
   */
  function expectResumedMidReply(client: TalkClient, atFault: AtFault | undefined): void {
    expect(atFault?.done).toBe(false);
    const heard = [...client.turns.values()][0]?.audioSamples ?? 0;
    expect(atFault?.audioSamples).toBeLessThan(heard);
    expect(client.ready.sessionId).toBe(atFault?.sessionId);
    expect(client.ready.resumed).toBe(true);
    expect(client.connection.resumes).toBeGreaterThanOrEqual(1);
    expect(client.states).toContainEqual({ kind: 'connected', resumed: true });
  }

  it('a stall longer than two heartbeats, from the end of the utterance: held bytes arrive late, the session goes on', async () => {
    await throughFault(async ({ proxy, client }) => {
      // The end of the utterance, then the client's close of the path it gives up on, wait
      // behind the stall; the resume races them when the path comes back.
      beforeSending(client, 'utterance.end', () => proxy.stall());
      await untilReconnecting(client);
      await expect.poll(() => proxy.heldBytes).toBeGreaterThan(0);
      proxy.release();
    }, 4);
  });

  it('a stall while the reply streams', async () => {
    let atFault: AtFault | undefined;
    const client = await throughFault(async ({ proxy, client }) => {
      atFault = await midReply(client);
      proxy.stall();
      await untilReconnecting(client);
      proxy.release();
    }, 4);
    expectResumedMidReply(client, atFault);
  });

  it('a dead path mid-utterance: old connections die for ever, new ones pass', async () => {
    const client = await throughFault(async ({ proxy, framesBefore }) => {
      await untilFrames(framesBefore, 8);
      proxy.killPath();
    });
    expect(client.connection.resumes).toBeGreaterThanOrEqual(1);
  });

  it('a dead path while the reply streams', async () => {
    let atFault: AtFault | undefined;
    const client = await throughFault(async ({ proxy, client }) => {
      atFault = await midReply(client);
      proxy.killPath();
    }, 4);
    expectResumedMidReply(client, atFault);
  });

  it('a reset (RST) mid-utterance', async () => {
    await throughFault(async ({ proxy, framesBefore }) => {
      await untilFrames(framesBefore, 8);
      proxy.drop();
    });
  });

  it('a close without a WebSocket goodbye (FIN) mid-utterance', async () => {
    await throughFault(async ({ proxy, framesBefore }) => {
      await untilFrames(framesBefore, 8);
      proxy.dropGracefully();
    });
  });

  it('a reset (RST) while the reply streams', async () => {
    let atFault: AtFault | undefined;
    const client = await throughFault(async ({ proxy, client }) => {
      atFault = await midReply(client);
      proxy.drop();
    }, 4);
    expectResumedMidReply(client, atFault);
  });
});
