import type { PcmChunk } from '../audio/chunker.ts';
import type { ClientMessage } from '../protocol/messages.ts';

type UtteranceMessage = Extract<
  ClientMessage,
  { type: 'utterance.start' | 'utterance.end' | 'utterance.cancel' }
>;

/** Something the client sent that the relay has not acknowledged, in sending order. */
export type UplinkItem =
  | { kind: 'message'; message: UtteranceMessage }
  | { kind: 'audio'; turnId: number; chunk: PcmChunk; timestampMs: number };

interface Utterance {
  turnId: number;
  start: Extract<UtteranceMessage, { type: 'utterance.start' }>;
  chunks: { chunk: PcmChunk; timestampMs: number }[];
  finish: Extract<UtteranceMessage, { type: 'utterance.end' | 'utterance.cancel' }> | null;
  /** Highest chunk seq of the utterance (for the cancel case, where the message has none). */
  lastSeq: number;
}

/**
 * Everything of the user's utterances the relay has not yet acknowledged — the control messages
 * and the audio chunks — so that after a reconnect (to the same relay or a restarted one) the
 * client can send it again and no word is lost. The relay acknowledges cumulatively by chunk
 * seq once an utterance is durably processed; duplicates are dropped on its side.
 *
 * Bounded: beyond `capacityChunks` (default 300 = 30 s of audio) the oldest chunks are dropped
 * and counted in `overflowed`. Pure: no timers, no I/O.
 */
export class UplinkJournal {
  private readonly utterances: Utterance[] = [];
  private chunkCount = 0;
  private acked = -1;
  /** Chunks dropped unacknowledged because the journal was full. */
  overflowed = 0;

  constructor(readonly capacityChunks = 300) {}

  /** Chunks held, not yet acknowledged. */
  get unackedChunks(): number {
    return this.chunkCount;
  }

  /** Highest seq the relay acknowledged (-1: none). */
  get ackedSeq(): number {
    return this.acked;
  }

  record(item: UplinkItem): void {
    if (item.kind === 'audio') {
      const u = this.utterances.find((x) => x.turnId === item.turnId && x.finish === null);
      if (!u || item.chunk.seq <= this.acked) return;
      u.chunks.push({ chunk: item.chunk, timestampMs: item.timestampMs });
      u.lastSeq = Math.max(u.lastSeq, item.chunk.seq);
      this.chunkCount++;
      this.enforceCapacity();
      return;
    }
    const m = item.message;
    if (m.type === 'utterance.start') {
      this.utterances.push({
        turnId: m.turnId,
        start: m,
        chunks: [],
        finish: null,
        lastSeq: m.firstSeq - 1,
      });
      return;
    }
    const u = this.utterances.find((x) => x.turnId === m.turnId);
    if (u && u.finish === null) u.finish = m;
  }

  /** Cumulative acknowledgement from the relay: forget what it has. */
  ack(seq: number): void {
    if (seq <= this.acked) return;
    this.acked = seq;
    for (let i = this.utterances.length - 1; i >= 0; i--) {
      const u = this.utterances[i];
      if (!u) continue;
      const kept = u.chunks.filter((c) => c.chunk.seq > seq);
      this.chunkCount -= u.chunks.length - kept.length;
      u.chunks = kept;
      // Finished and every chunk of it acknowledged: the relay is done with it.
      if (u.finish !== null && u.lastSeq <= seq) this.utterances.splice(i, 1);
    }
  }

  /** What to send again after a resume, in the original order. */
  replay(): UplinkItem[] {
    const out: UplinkItem[] = [];
    for (const u of this.utterances) {
      out.push({ kind: 'message', message: u.start });
      for (const c of u.chunks)
        out.push({ kind: 'audio', turnId: u.turnId, chunk: c.chunk, timestampMs: c.timestampMs });
      if (u.finish) out.push({ kind: 'message', message: u.finish });
    }
    return out;
  }

  private enforceCapacity(): void {
    while (this.chunkCount > this.capacityChunks) {
      const oldest = this.utterances.find((u) => u.chunks.length > 0);
      if (!oldest) return;
      oldest.chunks.shift();
      this.chunkCount--;
      this.overflowed++;
    }
  }
}
