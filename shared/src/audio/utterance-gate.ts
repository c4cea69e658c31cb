import { CHUNK_SAMPLES } from './constants.ts';
import type { PcmChunk } from './chunker.ts';

/**
 * Silence an utterance ends with after its last speech (ms): the recogniser needs only a little
 * after the last word, and an end is not held for a chunk still filling once the chunks already
 * sent hold this much.
 */
export const LEAST_TRAILING_SILENCE_MS = 100;

/** What the gate asks its owner to send, in order. */
export type GateAction =
  | { type: 'start'; turnId: number; firstSeq: number }
  | { type: 'audio'; turnId: number; chunk: PcmChunk }
  | { type: 'end'; turnId: number; lastSeq: number }
  | { type: 'cancel'; turnId: number };

export interface UtteranceGateOptions {
  /** Audio sent from before the detected speech start, so first syllables survive (ms). */
  preSpeechPadMs: number;
  /** Chunk length in samples. Default 1,600 (100 ms at 16 kHz). */
  chunkSamples?: number;
  /** Sample rate of the stream (Hz). Default 16,000. */
  sampleRateHz?: number;
  /** First turn id to use. Default 1. */
  firstTurnId?: number;
  /**
   * Seq of the first chunk this gate will see (its chunker's first). Default 0. A stream that
   * goes on from earlier utterances on the same connection starts past them: an utterance
   * begun before any chunk arrived must say so in its `start`, or the relay waits for seqs that
   * never come.
   */
  firstSeq?: number;
}

/** The utterance being sent. */
interface Current {
  turnId: number;
  lastSentSeq: number;
  /** Stream sample one past the last sent chunk. */
  sentEndSample: number;
  endSample: number | null;
  /** The VAD called it a misfire: nothing more is sent, and it is cancelled unless speech resumes. */
  misfired: boolean;
}

/**
 * Decides which microphone chunks go to the relay: none while the user is silent; from
 * `preSpeechPadMs` before the VAD's speech start to the chunk holding its speech end while they
 * speak. VAD decisions may arrive before or after the chunk they fall in is complete (the model
 * runs asynchronously); positions are stream sample indices, so the result does not depend on
 * that timing. Pure: no timers, no I/O.
 *
 * Chunk seqs only ever increase on the wire: a chunk is sent once. A misfire is therefore not
 * cancelled at once: when speech starts again within the pad of what was sent (the VAD gave up
 * too early on real speech), the same utterance goes on with the chunks in between, and no
 * word is lost; once the stream is a pad past the last chunk sent, it is cancelled.
 */
export class UtteranceGate {
  private readonly chunkSamples: number;
  private readonly padSamples: number;
  private readonly samplesPerMs: number;
  private readonly history: PcmChunk[] = [];
  private readonly historyLimit: number;
  private nextTurnId: number;
  private current: Current | null = null;
  /** Highest seq ever sent (one before the first seq: none). */
  private sentSeq: number;

  constructor(options: UtteranceGateOptions) {
    this.chunkSamples = options.chunkSamples ?? CHUNK_SAMPLES;
    this.samplesPerMs = (options.sampleRateHz ?? 16_000) / 1000;
    this.padSamples = Math.round(options.preSpeechPadMs * this.samplesPerMs);
    this.historyLimit = Math.ceil(this.padSamples / this.chunkSamples) + 2;
    this.nextTurnId = options.firstTurnId ?? 1;
    this.sentSeq = (options.firstSeq ?? 0) - 1;
  }

  /**
   * Turn `turnId` was taken by the other side (a turn the relay said of its own, issue 52): the
   * next utterance is numbered after it, as turn ids only increase.
   */
  skipPast(turnId: number): void {
    this.nextTurnId = Math.max(this.nextTurnId, turnId + 1);
  }

  /** Turn id of the utterance being sent, or null while silent (or after a misfire). */
  get activeTurnId(): number | null {
    const u = this.current;
    return u && !u.misfired ? u.turnId : null;
  }

  /** A chunk was captured. */
  chunk(chunk: PcmChunk): GateAction[] {
    this.history.push(chunk);
    if (this.history.length > this.historyLimit) this.history.shift();
    const u = this.current;
    if (!u) return [];
    if (u.misfired) {
      // A speech start from here on could not reach back to what was sent.
      return chunk.firstSample >= u.sentEndSample + this.padSamples ? this.drop() : [];
    }
    const actions: GateAction[] = [this.send(u, chunk)];
    if (u.endSample !== null && chunk.firstSample + this.chunkSamples >= u.endSample) {
      actions.push(this.finish());
    }
    return actions;
  }

  /** The VAD heard speech begin at stream sample `sample`. */
  speechStart(sample: number): GateAction[] {
    const from = sample - this.padSamples;
    const u = this.current;
    if (u && !u.misfired) return [];
    if (u && from <= u.sentEndSample) {
      // Speech again right after a misfire: the same utterance goes on, without a hole.
      u.misfired = false;
      return this.history.filter((c) => c.seq > u.lastSentSeq).map((c) => this.send(u, c));
    }
    return this.open(from, sample);
  }

  /**
   * The user starts an utterance themselves (push-to-talk) at stream sample `sample`: it begins
   * with the chunk holding that sample, with no pad from before it (nothing the user did not
   * mean to send). An utterance in progress is dropped.
   */
  begin(sample: number): GateAction[] {
    return this.open(sample, sample);
  }

  /**
   * Drops any utterance in progress and starts a new one with the unsent chunks from stream
   * sample `from` on; the speech start `sample` stands for what was sent until a chunk is.
   */
  private open(from: number, sample: number): GateAction[] {
    const actions = this.drop();
    const turnId = this.nextTurnId++;
    const held = this.history.filter(
      (c) => c.firstSample + this.chunkSamples > from && c.seq > this.sentSeq,
    );
    const firstSeq = held[0]?.seq ?? Math.max(this.sentSeq, this.history.at(-1)?.seq ?? -1) + 1;
    const next: Current = {
      turnId,
      lastSentSeq: firstSeq - 1,
      sentEndSample: sample,
      endSample: null,
      misfired: false,
    };
    this.current = next;
    actions.push({ type: 'start', turnId, firstSeq });
    for (const chunk of held) actions.push(this.send(next, chunk));
    return actions;
  }

  /**
   * The utterance's speech ended at stream sample `lastSpeech`, as decided on the audio up to
   * `decidedAt`: it ends once the chunks sent hold {@link LEAST_TRAILING_SILENCE_MS} of the
   * silence after it (at once where they already do; the decision, where that came sooner).
   * Waiting instead for the chunk holding the 200th ms, as before,
   * held the end up to a chunk's length after the decision (the page: 40–60 ms for 9 of 30
   * complete sentences in a quiet Chromium run of the held-out set).
   */
  speechEnded(lastSpeech: number, decidedAt: number): GateAction[] {
    return this.speechEnd(
      Math.min(decidedAt, lastSpeech + LEAST_TRAILING_SILENCE_MS * this.samplesPerMs),
    );
  }

  /** The utterance ends once the chunks sent reach stream sample `sample`. */
  speechEnd(sample: number): GateAction[] {
    const u = this.current;
    if (!u || u.misfired || u.endSample !== null) return [];
    u.endSample = sample;
    const last = this.history.at(-1);
    if (last && last.seq === u.lastSentSeq && last.firstSample + this.chunkSamples >= sample)
      return [this.finish()];
    return [];
  }

  /** Ends the utterance now (e.g. the mic stopped), whatever the VAD says; a misfire is dropped. */
  forceEnd(): GateAction[] {
    if (this.current?.misfired) return this.drop();
    return this.current ? [this.finish()] : [];
  }

  /**
   * The user typed a message: a turn id for it, after the utterance in progress (if any) is
   * dropped — the typed message replaces it.
   */
  typed(): { turnId: number; actions: GateAction[] } {
    const actions = this.drop();
    return { turnId: this.nextTurnId++, actions };
  }

  /**
   * The VAD's speech start was a false alarm: nothing more is sent, and the utterance is
   * cancelled unless speech starts again within the pad (see the class comment).
   */
  misfire(): GateAction[] {
    const u = this.current;
    if (u && !u.misfired) {
      u.misfired = true;
      u.endSample = null;
    }
    return [];
  }

  /** Cancels the utterance in progress now, misfired or not (e.g. the microphone is gone). */
  drop(): GateAction[] {
    const u = this.current;
    if (!u) return [];
    this.current = null;
    return [{ type: 'cancel', turnId: u.turnId }];
  }

  private send(u: Current, chunk: PcmChunk): GateAction {
    u.lastSentSeq = chunk.seq;
    u.sentEndSample = chunk.firstSample + this.chunkSamples;
    this.sentSeq = Math.max(this.sentSeq, chunk.seq);
    return { type: 'audio', turnId: u.turnId, chunk };
  }

  private finish(): GateAction {
    const u = this.current;
    if (!u) throw new Error('no utterance to finish');
    this.current = null;
    return { type: 'end', turnId: u.turnId, lastSeq: u.lastSentSeq };
  }
}
