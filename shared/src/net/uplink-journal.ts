import type { PcmChunk } from '../audio/chunker.ts';
import type { ClientMessage } from '../protocol/messages.ts';

type UtteranceMessage = Extract<
  ClientMessage,
  {
    type:
      | 'utterance.start'
      | 'utterance.end'
      | 'utterance.cancel'
      | 'utterance.pause'
      | 'utterance.resume';
  }
>;
type PauseMessage = Extract<UtteranceMessage, { type: 'utterance.pause' | 'utterance.resume' }>;
type TypedMessage = Extract<ClientMessage, { type: 'user.text' }>;

/** Something the client sent that the relay has not acknowledged, in sending order. */
export type UplinkItem = { kind: 'message'; message: UtteranceMessage | TypedMessage } | AudioItem;

/**
 * A microphone chunk: its PCM16, and its Opus packets when it travels as Opus (a replay sends
 * the same packets again, so the relay's decoder hears one stream).
 */
export interface AudioItem {
  kind: 'audio';
  turnId: number;
  chunk: PcmChunk;
  timestampMs: number;
  packets?: readonly Uint8Array[];
}

/**
 * A pause or resume among an utterance's chunks, at the seq of the last chunk sent before it:
 * where the relay cuts the speech depends on where its pauses fall, so a replay carries them
 * in their place.
 */
interface Mark {
  afterSeq: number;
  message: PauseMessage;
}

interface Utterance {
  kind: 'spoken';
  turnId: number;
  start: Extract<UtteranceMessage, { type: 'utterance.start' }>;
  /** Its chunks and pause/resume marks, in sending order. */
  chunks: (Omit<AudioItem, 'kind' | 'turnId'> | Mark)[];
  finish: Extract<UtteranceMessage, { type: 'utterance.end' | 'utterance.cancel' }> | null;
  /** Highest chunk seq of the utterance (for the cancel case, where the message has none). */
  lastSeq: number;
}

interface Typed {
  kind: 'typed';
  turnId: number;
  message: TypedMessage;
}

/** Typed messages kept at most: beyond this many unanswered, the oldest are dropped. */
const MAX_TYPED = 20;

/**
 * Everything of the user's turns the relay has not yet acknowledged — the control messages and
 * the audio chunks of utterances, their pauses and resumes in their place among the chunks, and
 * typed messages — so that after a reconnect (to the same
 * relay or a restarted one) the client can send it again and no word is lost. The relay
 * acknowledges audio cumulatively by chunk seq once an utterance is durably processed; a typed
 * message is done with once its turn is (`answered`). Duplicates are dropped on its side.
 *
 * Bounded: beyond `capacityChunks` (default 300 = 30 s of audio) the oldest chunks are dropped
 * and counted in `overflowed`. Pure: no timers, no I/O.
 */
export class UplinkJournal {
  private readonly entries: (Utterance | Typed)[] = [];
  private chunkCount = 0;
  private acked = -1;
  /** Highest chunk seq the session has had (recorded, or handed over from a page before). */
  private highest = -1;
  /** Chunks dropped unacknowledged because the journal was full. */
  overflowed = 0;

  constructor(readonly capacityChunks = 300) {}

  /** Chunks held, not yet acknowledged. */
  get unackedChunks(): number {
    return this.chunkCount;
  }

  /** Typed messages held, their turns not answered yet. */
  get unansweredTyped(): number {
    return this.entries.filter((e) => e.kind === 'typed').length;
  }

  /** Highest seq the relay acknowledged (-1: none). */
  get ackedSeq(): number {
    return this.acked;
  }

  /**
   * The seq a new microphone stream starts at: above every chunk of the session (a resumed
   * relay takes a chunk at or below what it has as a replay).
   */
  get nextSeq(): number {
    return Math.max(this.acked, this.highest) + 1;
  }

  /** The session had chunks up to `seq` (sent by the page before this one). */
  hadUpTo(seq: number): void {
    this.highest = Math.max(this.highest, seq);
  }

  record(item: UplinkItem): void {
    if (item.kind === 'audio') {
      const u = this.open(item.turnId);
      if (!u || item.chunk.seq <= this.acked) return;
      const { chunk, timestampMs, packets } = item;
      this.highest = Math.max(this.highest, chunk.seq);
      u.chunks.push(packets ? { chunk, timestampMs, packets } : { chunk, timestampMs });
      u.lastSeq = Math.max(u.lastSeq, item.chunk.seq);
      this.chunkCount++;
      this.enforceCapacity();
      return;
    }
    const m = item.message;
    switch (m.type) {
      case 'user.text': {
        this.entries.push({ kind: 'typed', turnId: m.turnId, message: m });
        if (this.unansweredTyped > MAX_TYPED)
          this.entries.splice(
            this.entries.findIndex((e) => e.kind === 'typed'),
            1,
          );
        return;
      }
      case 'utterance.pause':
      case 'utterance.resume': {
        const u = this.open(m.turnId);
        u?.chunks.push({ afterSeq: u.lastSeq, message: m });
        return;
      }
      case 'utterance.start':
        this.entries.push({
          kind: 'spoken',
          turnId: m.turnId,
          start: m,
          chunks: [],
          finish: null,
          lastSeq: m.firstSeq - 1,
        });
        return;
      default: {
        const u = this.entries.find((x) => x.kind === 'spoken' && x.turnId === m.turnId);
        if (u?.kind === 'spoken' && u.finish === null) u.finish = m;
      }
    }
  }

  /** Cumulative acknowledgement from the relay: forget what it has. */
  ack(seq: number): void {
    if (seq <= this.acked) return;
    this.acked = seq;
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const u = this.entries[i];
      if (u?.kind !== 'spoken') continue;
      const kept = u.chunks.filter((c) => seqOf(c) > seq);
      this.chunkCount -= audioIn(u.chunks) - audioIn(kept);
      u.chunks = kept;
      // Finished and every chunk of it acknowledged: the relay is done with it.
      if (u.finish !== null && u.lastSeq <= seq) this.entries.splice(i, 1);
    }
  }

  /**
   * The relay finished turn `turnId`: the typed messages up to it are done with (turns are
   * answered in order; a later one's answer means the earlier ones reached the relay).
   */
  answered(turnId: number): void {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i];
      if (e?.kind === 'typed' && e.turnId <= turnId) this.entries.splice(i, 1);
    }
  }

  /** What to send again after a resume, in the original order. */
  replay(): UplinkItem[] {
    const out: UplinkItem[] = [];
    for (const u of this.entries) {
      if (u.kind === 'typed') {
        out.push({ kind: 'message', message: u.message });
        continue;
      }
      out.push({ kind: 'message', message: u.start });
      for (const c of u.chunks)
        out.push(
          'message' in c
            ? { kind: 'message', message: c.message }
            : { kind: 'audio', turnId: u.turnId, ...c },
        );
      if (u.finish) out.push({ kind: 'message', message: u.finish });
    }
    return out;
  }

  /** The utterance of `turnId` still being spoken. */
  private open(turnId: number): Utterance | undefined {
    for (const e of this.entries)
      if (e.kind === 'spoken' && e.turnId === turnId && e.finish === null) return e;
    return undefined;
  }

  private enforceCapacity(): void {
    while (this.chunkCount > this.capacityChunks) {
      const oldest = this.entries.find((u) => u.kind === 'spoken' && audioIn(u.chunks) > 0);
      if (oldest?.kind !== 'spoken') return;
      oldest.chunks.shift();
      // The marks after it go with it: a pause about audio the relay never gets.
      while (oldest.chunks[0] && 'message' in oldest.chunks[0]) oldest.chunks.shift();
      this.chunkCount--;
      this.overflowed++;
    }
  }
}

/** The seq a chunk or mark stands at. */
function seqOf(c: Utterance['chunks'][number]): number {
  return 'message' in c ? c.afterSeq : c.chunk.seq;
}

/** How many of `chunks` are audio. */
function audioIn(chunks: Utterance['chunks']): number {
  return chunks.filter((c) => !('message' in c)).length;
}
