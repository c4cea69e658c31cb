import { CHUNK_MS, CHUNK_SAMPLES } from '@parley/shared';
import type { TalkClient } from '../../relay/src/talk/client.ts';
import { monotonicMs, stampChunk } from '../lib/chunk-stamp.ts';

/** How a simulated user takes turns. */
export interface TurnTaking {
  /** Shortest and longest utterance (chunks of 100 ms). */
  speechChunks: [number, number];
  /** Pause after the reply has played, before speaking again (ms). */
  thinkMs: [number, number];
  /** Longest wait for a reply (ms). */
  replyTimeoutMs: number;
}

/** Speak 2–4 s, listen to the reply, think 0.5–1.5 s, repeat. */
const DEFAULT_TURN_TAKING: TurnTaking = {
  speechChunks: [20, 40],
  thinkMs: [500, 1500],
  replyTimeoutMs: 30_000,
};

/** Where a talker reports what it does (the worker aggregates per window). */
export interface TalkerRecorder {
  chunkSent(): void;
  /** +1 when the talker starts streaming microphone audio, -1 when it stops. */
  streaming(delta: 1 | -1): void;
  /**
   * A turn was answered: end of speech → first reply audio at the client, and in the relay
   * (`utterance.end` received → first reply audio sent, from `turn.done`), in ms.
   */
  answered(eosToAudioMs: number, relayEosToAudioMs: number | undefined): void;
  /** A turn ended badly (`status`, or `timeout`). */
  failed(status: string): void;
}

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));
const TEMPLATE = Int16Array.from({ length: CHUNK_SAMPLES }, (_, i) =>
  Math.round(2000 * Math.sin((2 * Math.PI * 180 * i) / 16_000)),
);

/**
 * One simulated user on a {@link TalkClient}: streams real-time 100 ms chunks while it speaks
 * (each stamped with its send time for the relay-side latency), ends the utterance, waits for
 * the reply, "listens" to it for as long as it lasts, thinks, and speaks again.
 */
export class Talker {
  private seq = 0;
  private turnId = 0;
  private stopped = false;

  constructor(
    private readonly client: TalkClient,
    private readonly recorder: TalkerRecorder,
    private readonly random: () => number,
    private readonly taking: TurnTaking = DEFAULT_TURN_TAKING,
  ) {}

  /** Talks until {@link stop}; starts after a random share of one cycle so talkers interleave. */
  async run(): Promise<void> {
    await sleep(this.random() * 6000);
    while (!this.stopped) await this.turn();
  }

  /** No chunk is sent after this; the current utterance is cancelled. */
  stop(): void {
    this.stopped = true;
  }

  private between([lo, hi]: [number, number]): number {
    return lo + this.random() * (hi - lo);
  }

  private async turn(): Promise<void> {
    const { client, recorder } = this;
    const turnId = ++this.turnId;
    const chunks = Math.round(this.between(this.taking.speechChunks));
    client.send({ type: 'utterance.start', turnId, firstSeq: this.seq, speechStartAtMs: now() });
    recorder.streaming(1);
    let due = now() + CHUNK_MS;
    for (let i = 0; i < chunks; i++) {
      await sleep(due - now());
      if (this.stopped) {
        recorder.streaming(-1);
        client.send({ type: 'utterance.cancel', turnId, reason: 'user' });
        return;
      }
      due += CHUNK_MS;
      const samples = TEMPLATE.slice();
      const at = now();
      stampChunk(samples, monotonicMs());
      client.sendChunk(
        { seq: this.seq, samples, firstSample: this.seq * CHUNK_SAMPLES },
        turnId,
        at,
      );
      this.seq++;
      recorder.chunkSent();
    }
    recorder.streaming(-1);
    const endAt = now();
    client.send({
      type: 'utterance.end',
      turnId,
      lastSeq: this.seq - 1,
      speechEndAtMs: endAt,
      sentAtMs: endAt,
    });
    const turn = await client.waitForTurn(turnId, this.taking.replyTimeoutMs).catch(() => null);
    if (!turn) recorder.failed('timeout');
    else if (turn.status !== 'completed' || turn.firstAudioAtMs === null)
      recorder.failed(turn.status ?? 'closed');
    else {
      recorder.answered(turn.firstAudioAtMs - endAt, turn.relayTimings.relayFirstAudioMs);
      client.send({ type: 'playback.started', turnId, playedAtMs: turn.firstAudioAtMs });
    }
    // What the client keeps per turn is not needed any more (long runs, many clients).
    client.turns.delete(turnId);
    client.received.length = 0;
    const replyMs = ((turn?.audioSamples ?? 0) * 1000) / client.ready.outputSampleRateHz;
    await sleep(replyMs + this.between(this.taking.thinkMs));
  }
}
