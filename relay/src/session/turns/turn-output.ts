import { FrameKind, encodeAudioFrame, encodeOpusFrame, type ServerMessage } from '@parley/shared';
import type { RelayError } from '../../errors.ts';
import type { TurnErrorNote } from '../../observability/turn-observer.ts';
import type { TurnOutput, TurnResult } from '../../pipeline/turn.ts';
import type { ClientChannel, Urgency } from '../wire/client-channel.ts';
import { OutJournal, type JournalEntry } from '../wire/out-journal.ts';
import { ReplyTracker } from './reply-tracker.ts';
import { TextThrottle } from './text-throttle.ts';

/**
 * Reply text goes out at most once per this many ms per turn (the first piece at once): smooth
 * to read, and a handful of messages per reply instead of one per token.
 */
export const REPLY_TEXT_WINDOW_MS = 50;

/**
 * A turn's output may wait for company (see `corkLazily`) once the reply audio already sent is
 * this far ahead of what the client can have played (ms since its first frame was sent).
 */
export const LAZY_LEAD_MS = 400;

/** Turn output messages: they carry a `seq` and are kept for resumes. */
type SeqMessage = Extract<ServerMessage, { seq: number }>;

/** What a turn's clock noted: when it first sent audio, and the errors it reported. */
export interface TurnClock {
  endAt: number;
  firstAudioAt?: number;
  errors: TurnErrorNote[];
}

/**
 * A session's outgoing turn output: numbers every message and reply-audio frame with one
 * continuous `seq` (across reconnects and relay restarts), keeps recent output for clients
 * that resume, tracks where each reply's sentences start (to map an interrupt to the words
 * heard), and when each turn first sent audio and which errors it reported (for its timings and
 * diagnostics).
 */
export class TurnOutputs {
  /** Next turn-output seq. */
  seq: number;
  private readonly journal = new OutJournal();
  private readonly replies = new ReplyTracker();
  private readonly clocks = new Map<number, TurnClock>();
  private readonly replyText = new TextThrottle(
    (turnId, text) =>
      this.emitNow(
        turnId,
        (seq) => ({ type: 'reply.delta', seq, turnId, text }),
        this.urgencyOf(turnId),
      ),
    REPLY_TEXT_WINDOW_MS,
  );

  constructor(
    private readonly sink: () => ClientChannel | null,
    private readonly now: () => number,
    /** The client's reply-audio rate (Hz). */
    private readonly outputRateHz: number,
    firstSeq = 0,
    /** Output kept by the relay that served the session before (a hand-over). */
    journal: readonly JournalEntry[] = [],
  ) {
    this.seq = firstSeq;
    for (const e of journal) {
      this.journal.add(e.seq, e.turnId, e.data);
      this.seq = Math.max(this.seq, e.seq + 1);
    }
  }

  /** The output kept for resumes, oldest first (reply text held back is sent first). */
  journalEntries(): readonly JournalEntry[] {
    this.replyText.flushAll();
    return this.journal.all();
  }

  /** The client has the output up to `seq`: let it go. */
  confirm(seq: number): void {
    this.journal.confirm(seq);
  }

  /** Bytes of output kept for resumes. */
  get journalBytes(): number {
    return this.journal.size;
  }

  /** The output of turn `turnId`, as the turn pipeline writes it. */
  for(turnId: number): TurnOutput {
    return {
      transcript: (text) =>
        this.emit(turnId, (seq) => ({ type: 'transcript.final', seq, turnId, text })),
      replyDelta: (text) => this.replyText.push(turnId, text),
      segment: (index, text, startSample) => {
        this.replies.segment(turnId, index, text, startSample);
        this.emit(
          turnId,
          (seq) => ({ type: 'reply.segment', seq, turnId, index, text, startSample }),
          this.urgencyOf(turnId),
        );
      },
      audio: (samples, packets) => {
        this.replyText.flush(turnId);
        // Whether the audio sent before this frame is far enough ahead.
        const urgency = this.urgencyOf(turnId);
        this.replies.audio(turnId, samples.length);
        const clock = this.clocks.get(turnId);
        if (clock) clock.firstAudioAt ??= this.now();
        const seq = this.seq++;
        const head = { kind: FrameKind.Reply, seq, turnId, timestampMs: this.now() };
        const bytes = packets
          ? encodeOpusFrame({ ...head, packets })
          : encodeAudioFrame({ ...head, samples });
        this.journal.add(seq, turnId, bytes);
        this.sink()?.send(bytes, urgency);
      },
      error: (err: RelayError) => {
        this.replyText.flush(turnId);
        this.clocks.get(turnId)?.errors.push({ code: err.code, message: err.message });
        this.sink()?.tell(err, turnId);
      },
      tool: (event) => this.emit(turnId, (seq) => ({ ...event, seq, turnId })),
    };
  }

  /**
   * Sends a turn-output message built with the next seq, and keeps it for resumes. The turn's
   * reply text held back goes first.
   */
  emit(turnId: number, build: (seq: number) => SeqMessage, urgency: Urgency = 'now'): void {
    this.replyText.flush(turnId);
    this.emitNow(turnId, build, urgency);
  }

  private emitNow(turnId: number, build: (seq: number) => SeqMessage, urgency: Urgency): void {
    const seq = this.seq++;
    const text = JSON.stringify(build(seq));
    this.journal.add(seq, turnId, text);
    this.sink()?.send(text, urgency);
  }

  /**
   * `soon` once `turnId`'s reply audio sent so far is more than {@link LAZY_LEAD_MS} ahead of
   * what the client can have played: its next output is not urgent. Playback starts after the
   * first frame arrives, never before it is sent, so this errs on the side of urgency.
   */
  private urgencyOf(turnId: number): Urgency {
    const clock = this.clocks.get(turnId);
    if (clock?.firstAudioAt === undefined) return 'now';
    const sentMs = (this.replies.samples(turnId) * 1000) / this.outputRateHz;
    return sentMs - (this.now() - clock.firstAudioAt) > LAZY_LEAD_MS ? 'soon' : 'now';
  }

  /** `turnId` is over: its `turn.done`, with its result and when it was done (epoch ms). */
  done(turnId: number, r: TurnResult, doneAtMs: number, traceId?: string): void {
    this.emit(turnId, (seq) => ({
      type: 'turn.done',
      seq,
      turnId,
      status: r.status,
      reply: r.reply,
      audioSamples: r.audioSamples,
      timings: r.timings,
      marks: { ...r.marks, doneAtMs },
      servedBy: r.servedBy,
      ...(r.llmFallback ? { llmFallback: r.llmFallback } : {}),
      ...(r.toolCalls ? { toolCalls: r.toolCalls } : {}),
      ...(traceId ? { traceId } : {}),
      ...(r.languageDrift ? { languageDrift: r.languageDrift } : {}),
    }));
  }

  /** The session ended: reply text held back goes into the journal now, and no timer is left. */
  close(): void {
    this.replyText.close();
  }

  /** Sends everything after `lastSeq` again (a client resumed). Returns how many. */
  replay(lastSeq: number, to: ClientChannel): number {
    const items = this.journal.after(lastSeq);
    for (const data of items) to.send(data);
    return items.length;
  }

  /** What the user heard of `turnId` after `playedSamples`; null for a turn not tracked. */
  heard(turnId: number, playedSamples: number): string | null {
    return this.replies.heard(turnId, playedSamples);
  }

  /** The user finished the utterance of `turnId` now: time its answer from here. */
  startClock(turnId: number): number {
    const endAt = this.now();
    this.clocks.set(turnId, { endAt, errors: [] });
    return endAt;
  }

  /** What `turnId`'s clock noted (first reply audio, errors), and forget it. */
  takeClock(turnId: number): TurnClock | undefined {
    const clock = this.clocks.get(turnId);
    this.clocks.delete(turnId);
    return clock;
  }
}
