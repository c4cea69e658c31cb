import { expect } from 'vitest';
import { CHUNK_SAMPLES } from '@parley/shared';
import type { TalkClient, TurnRecord } from '../../src/talk/client.ts';

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
