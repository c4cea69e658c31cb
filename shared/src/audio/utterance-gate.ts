import { CHUNK_SAMPLES } from './constants.ts';
import type { PcmChunk } from './chunker.ts';

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
}

/**
 * Decides which microphone chunks go to the relay: none while the user is silent; from
 * `preSpeechPadMs` before the VAD's speech start to the chunk holding its speech end while they
 * speak. VAD decisions may arrive before or after the chunk they fall in is complete (the model
 * runs asynchronously); positions are stream sample indices, so the result does not depend on
 * that timing. Pure: no timers, no I/O.
 */
export class UtteranceGate {
  private readonly chunkSamples: number;
  private readonly padSamples: number;
  private readonly history: PcmChunk[] = [];
  private readonly historyLimit: number;
  private nextTurnId: number;
  private current: { turnId: number; lastSentSeq: number; endSample: number | null } | null = null;

  constructor(options: UtteranceGateOptions) {
    this.chunkSamples = options.chunkSamples ?? CHUNK_SAMPLES;
    this.padSamples = Math.round(
      (options.preSpeechPadMs * (options.sampleRateHz ?? 16_000)) / 1000,
    );
    this.historyLimit = Math.ceil(this.padSamples / this.chunkSamples) + 2;
    this.nextTurnId = options.firstTurnId ?? 1;
  }

  /** Turn id of the utterance being sent, or null while silent. */
  get activeTurnId(): number | null {
    return this.current?.turnId ?? null;
  }

  /** A chunk was captured. */
  chunk(chunk: PcmChunk): GateAction[] {
    this.history.push(chunk);
    if (this.history.length > this.historyLimit) this.history.shift();
    const u = this.current;
    if (!u) return [];
    const actions: GateAction[] = [{ type: 'audio', turnId: u.turnId, chunk }];
    u.lastSentSeq = chunk.seq;
    if (u.endSample !== null && chunk.firstSample + this.chunkSamples >= u.endSample) {
      actions.push(this.finish());
    }
    return actions;
  }

  /** The VAD heard speech begin at stream sample `sample`. */
  speechStart(sample: number): GateAction[] {
    if (this.current) return [];
    const turnId = this.nextTurnId++;
    const from = sample - this.padSamples;
    const padding = this.history.filter((c) => c.firstSample + this.chunkSamples > from);
    const firstSeq = padding[0]?.seq ?? (this.history.at(-1)?.seq ?? -1) + 1;
    this.current = { turnId, lastSentSeq: firstSeq - 1, endSample: null };
    const actions: GateAction[] = [{ type: 'start', turnId, firstSeq }];
    for (const chunk of padding) {
      actions.push({ type: 'audio', turnId, chunk });
      this.current.lastSentSeq = chunk.seq;
    }
    return actions;
  }

  /** The VAD decided the utterance ended at stream sample `sample` (after its silence). */
  speechEnd(sample: number): GateAction[] {
    const u = this.current;
    if (!u || u.endSample !== null) return [];
    u.endSample = sample;
    const last = this.history.at(-1);
    if (last && last.seq === u.lastSentSeq && last.firstSample + this.chunkSamples >= sample)
      return [this.finish()];
    return [];
  }

  /** Ends the utterance now (e.g. the mic stopped), whatever the VAD says. */
  forceEnd(): GateAction[] {
    return this.current ? [this.finish()] : [];
  }

  /**
   * The user typed a message: a turn id for it, after the utterance in progress (if any) is
   * dropped — the typed message replaces it.
   */
  typed(): { turnId: number; actions: GateAction[] } {
    const actions = this.misfire();
    return { turnId: this.nextTurnId++, actions };
  }

  /** The VAD's speech start was a false alarm: drop the utterance. */
  misfire(): GateAction[] {
    const u = this.current;
    if (!u) return [];
    this.current = null;
    return [{ type: 'cancel', turnId: u.turnId }];
  }

  private finish(): GateAction {
    const u = this.current;
    if (!u) throw new Error('no utterance to finish');
    this.current = null;
    return { type: 'end', turnId: u.turnId, lastSeq: u.lastSentSeq };
  }
}
