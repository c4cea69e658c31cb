import { afterAll, beforeAll, expect } from 'vitest';
import { CHUNK_SAMPLES } from '@parley/shared';
import { TalkClient, type TurnRecord } from '../src/talk/client.ts';
import { startOpenAiPair, type OpenAiPair } from './fakes/openai-pair.ts';

/** Deadlines short enough for tests; probes off unless a test turns them on. */
export const PAIR_DEADLINES = {
  ASR_FINAL_TIMEOUT_S: '1',
  LLM_FIRST_TOKEN_TIMEOUT_S: '1',
  TTS_FIRST_AUDIO_TIMEOUT_S: '1',
  STREAM_STALL_TIMEOUT_S: '0.5',
  BREAKER_FAILURES: '3',
  BREAKER_COOLDOWN_S: '600',
  HEALTH_PROBE_INTERVAL_S: '0',
};

/**
 * A pair of fakes in front of a relay (`env` over {@link PAIR_DEADLINES}; `setup` before the
 * client connects), a client and a speaker for one describe block.
 */
export function usePair(env: Record<string, string>, setup?: (pair: OpenAiPair) => void) {
  const ctx = {} as { pair: OpenAiPair; client: TalkClient; speaker: Speaker };
  beforeAll(async () => {
    ctx.pair = await startOpenAiPair({ ...PAIR_DEADLINES, ...env });
    setup?.(ctx.pair);
    ctx.client = await TalkClient.connect(ctx.pair.relay.wsUrl);
    ctx.speaker = new Speaker(ctx.client);
  });
  afterAll(async () => {
    ctx.client.close();
    await ctx.pair.close();
  });
  return ctx;
}

/**
 * Drives spoken turns through a client: a second of a quiet tone per utterance (the fakes
 * transcribe anything as their `transcript`), optionally with a pause the relay may answer
 * speculatively from. Waits for `turn.done` and for the turn's acknowledgement (it is stored).
 */
export class Speaker {
  private seq = 0;
  private nextTurn = 1;

  constructor(readonly client: TalkClient) {}

  /** Turn ids are shared with typed turns sent through {@link typed}. */
  async spoken(options: { pauseAfterFrames?: number; frames?: number } = {}): Promise<TurnRecord> {
    const { client } = this;
    const turnId = this.nextTurn++;
    const frames = options.frames ?? 10;
    client.send({
      type: 'utterance.start',
      turnId,
      firstSeq: this.seq,
      speechStartAtMs: Date.now(),
    });
    for (let i = 0; i < frames; i++) {
      const samples = new Int16Array(CHUNK_SAMPLES);
      for (let k = 0; k < samples.length; k++) samples[k] = Math.round(3000 * Math.sin(k / 7));
      client.sendChunk(
        { seq: this.seq, samples, firstSample: this.seq * CHUNK_SAMPLES },
        turnId,
        0,
      );
      if (i + 1 === options.pauseAfterFrames)
        client.send({ type: 'utterance.pause', turnId, lastSeq: this.seq });
      this.seq++;
    }
    client.send({
      type: 'utterance.end',
      turnId,
      lastSeq: this.seq - 1,
      speechEndAtMs: Date.now(),
      sentAtMs: Date.now(),
    });
    const turn = await client.waitForTurn(turnId, 30_000);
    await this.stored();
    return turn;
  }

  /** A typed turn. */
  async typed(text: string): Promise<TurnRecord> {
    const turnId = this.nextTurn++;
    this.client.send({ type: 'user.text', turnId, text });
    return this.client.waitForTurn(turnId, 30_000);
  }

  /** The turn's audio is acknowledged once the turn (and its ledger rows) is stored. */
  private async stored(): Promise<void> {
    await expect.poll(() => this.client.connection.unackedChunks, { timeout: 10_000 }).toBe(0);
  }
}
