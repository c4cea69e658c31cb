import { setImmediate as nextTurnOfLoop } from 'node:timers/promises';
import { abortable } from '../abortable.ts';
import { logFailure } from '../error-tracking/report-error.ts';
import { describeError, isAbortError, type RelayError } from '../errors.ts';
import { ttsUsage } from '../metering/usage.ts';
import type { TurnFailures } from '../providers/stages/common.ts';
import type { TtsChainRequest, TtsProvider } from '../providers/stages/tts.ts';
import { synthesizeWritten } from '../providers/written-text.ts';
import { replyPacketSamples } from './reply-encoding.ts';
import type { SpokenAs } from './spoken-as.ts';
import type { AsideLine, SpokenPart } from './reply-segments.ts';
import { announcedText, textSoFar, wholeText, type Sentence } from './spoken-sentence.ts';
import { SynthesisCall, synthesisSpan, type CallFraming } from './synthesis-call.ts';
import type { TurnOptions, TurnResult } from './turn-options.ts';
import { restartPause, TurnVoice } from './turn-voice.ts';

/**
 * Most a turn holds the event loop while it frames (and, for Opus, encodes) a sentence's audio
 * before letting other sessions' work run (ms). A sentence of Flite comes as one block of 2–10 s:
 * encoded at once it held the loop 15–80 ms, every other session's chunks and replies waiting.
 */
export const SPEECH_SLICE_MS = 3;

/** Takes the segments of a reply nobody will hear (a text-only turn). */
export async function drain(sentences: AsyncIterable<SpokenPart>): Promise<void> {
  const it = sentences[Symbol.asyncIterator]();
  for (;;) if ((await it.next()).done) return;
}

/** What of the turn its speech uses. */
export type SpeakingTurn = Pick<
  TurnOptions,
  | 'turnId'
  | 'signal'
  | 'speculative'
  | 'billing'
  | 'output'
  | 'outputRateHz'
  | 'opusReply'
  | 'log'
  | 'now'
>;

export interface TurnSpeechOptions {
  turn: SpeakingTurn;
  /** When the turn started (its `now()`): the relay's first audio is timed from it. */
  startedAt: number;
  /** The turn's result: its audio samples, who spoke, and the first audio's marks and timings. */
  result: TurnResult;
  spokenAs: SpokenAs;
  /**
   * Providers that failed in the turn (the language model's too), which a chain asks none of
   * again: a voice that broke off mid-sentence is added, so the next sentences skip it.
   */
  failed: TurnFailures;
}

/** Who says a run of sentences, and what a voice's failure does in it. */
interface Speaker {
  readonly tts: TtsProvider;
  /** What became of the voices in this run: which broke off, whether any is left. */
  readonly voice: TurnVoice;
  /** A failing voice hands its sentence to the next one (else the failure is thrown). */
  readonly handOver: boolean;
}

/**
 * The speaking part of a turn: synthesises sentences in order as they arrive and streams their
 * audio out, one TTS call at a time (a {@link SynthesisCall}), each metered to the voice that
 * served it. A voice that breaks off mid-sentence hands that sentence (said again from its start)
 * and the rest of the reply to the next voice of the chain (see {@link TurnVoice}); when no voice
 * is left the user is told once and the rest of the reply goes on as text only. The sentences
 * keep flowing so the LLM is never held up.
 *
 * One per turn: the reply ({@link say}) and, when no language model answered, the apology
 * ({@link sayOnly}) number their segments and usage seqs in one sequence.
 */
export class TurnSpeech {
  /** Sentences announced so far: the next one's segment index. */
  private segments = 0;
  /** TTS calls made so far: the next one's usage seq (after a held answer's own). */
  private calls = 0;
  /** When the loop last turned during this turn's framing (see {@link SPEECH_SLICE_MS}). */
  private sliceStartedAt = 0;
  private readonly framing: CallFraming;
  /** Parts taken from the reply's queue and done with (said, or given up on). */
  private partsDone = 0;
  private readonly doneWaiters: { parts: number; resolve: () => void }[] = [];
  /**
   * When the audio sent so far ends playing (relay clock, ms), were it played as it arrives:
   * each frame after the one before it, or when it arrives if that one had ended.
   */
  private playedOutAt = 0;

  constructor(private readonly o: TurnSpeechOptions) {
    this.framing = {
      outputRateHz: o.turn.outputRateHz,
      packetSamples: replyPacketSamples(o.turn),
    };
  }

  /**
   * Says the reply's `sentences` in `tts` as they come (a sentence still being written is said
   * as it is written when `tts` takes text as it streams, else once it is whole): a voice that
   * fails hands over to the next; with none left, the rest is text. Rejects when the turn is
   * aborted, or with a {@link BudgetStop} when the budget refuses a call.
   */
  say(tts: TtsProvider, sentences: AsyncIterable<SpokenPart> | Iterable<string>): Promise<void> {
    return this.speak(this.speaker(tts, true), sentences);
  }

  /**
   * Says `text` (a line of the reply, or an aside) in `tts`, or nothing: any failure is thrown
   * (the apology of a turn, the line for words not heard).
   */
  sayOnly(tts: TtsProvider, text: string | AsideLine): Promise<void> {
    return this.speak(this.speaker(tts, false), [text]);
  }

  /**
   * When the words of the first `parts` parts handed to {@link say} end being heard (relay
   * clock, ms): once they are all said, the end of their audio as played from its arrival — now,
   * if it has played out. Never resolves if the turn ends first (its caller races it).
   */
  async heardUntil(parts: number): Promise<number> {
    if (this.partsDone < parts)
      await new Promise<void>((resolve) => this.doneWaiters.push({ parts, resolve }));
    return Math.max(this.o.turn.now(), this.playedOutAt);
  }

  private partDone(): void {
    this.partsDone++;
    for (let i = this.doneWaiters.length - 1; i >= 0; i--) {
      const waiter = this.doneWaiters[i];
      if (waiter && waiter.parts <= this.partsDone) {
        this.doneWaiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }

  private speaker(tts: TtsProvider, handOver: boolean): Speaker {
    return { tts, voice: new TurnVoice(this.o.turn.turnId), handOver };
  }

  private async speak(
    speaker: Speaker,
    sentences: AsyncIterable<SpokenPart> | Iterable<SpokenPart>,
  ): Promise<void> {
    const { signal } = this.o.turn;
    this.sliceStartedAt = performance.now();
    for await (const spoken of sentences) {
      signal.throwIfAborted();
      if (!speaker.voice.lost) await this.sayPart(speaker, spoken);
      this.partDone();
    }
  }

  private async sayPart(speaker: Speaker, spoken: SpokenPart): Promise<void> {
    const { signal } = this.o.turn;
    await this.heldUntilReleased();
    const aside = typeof spoken === 'object' && 'aside' in spoken;
    // A segment handed over as it was written goes to a voice that takes text so as such,
    // whole by now or not (one way for all of a reply's segments); else once it is whole.
    const text = aside
      ? spoken.aside
      : typeof spoken === 'string' || !speaker.tts.synthesizeWritten
        ? await wholeText(spoken, signal)
        : spoken;
    const sentence: Sentence = {
      index: this.segments++,
      text,
      announced: false,
      heardFrom: null,
      pauseOwed: false,
      aside,
    };
    let done = false;
    while (!done) done = await this.call(speaker, sentence);
  }

  /** A held answer has its first sentence ready; the rest waits until it is promoted. */
  private async heldUntilReleased(): Promise<void> {
    const released = this.o.turn.speculative?.released;
    if (this.segments > 0 && released) await abortable(released, this.o.turn.signal);
  }

  /**
   * One TTS call of `sentence`, metered whatever its end. True when the sentence is done with
   * (said, or given up on with the voice); false when the next voice is to say it.
   */
  private async call(speaker: Speaker, sentence: Sentence): Promise<boolean> {
    const { turn, result } = this.o;
    // A text still being written: allowed on its words so far, billed on what was said.
    const usage = ttsUsage(
      speaker.tts.info.id,
      textSoFar(sentence),
      turn.speculative !== undefined,
    );
    const stop = turn.billing.allow(usage);
    if (stop) throw new BudgetStop(stop);
    const at = turn.now();
    const call = new SynthesisCall(
      this.calls++,
      usage,
      at,
      { id: speaker.tts.info.id, sampleRateHz: speaker.tts.sampleRateHz },
      this.framing,
      synthesisSpan(turn, sentence.index, at, speaker.tts.info.id),
    );
    result.marks.ttsRequestAtMs ??= call.startedAt;
    try {
      for await (const pcm of call.traced(this.synthesis(speaker.tts, sentence, call))) {
        turn.signal.throwIfAborted();
        await this.send(speaker, sentence, call, call.frames(pcm));
      }
      await this.send(speaker, sentence, call, call.end());
      if (call.heard && !sentence.announced) this.announce(sentence, true);
      call.outcome = 'done';
      result.servedBy.tts ??= call.billedTo() ?? speaker.tts.info.id;
      return true;
    } catch (err) {
      if (turn.signal.aborted || isAbortError(err)) call.outcome = 'cancelled';
      if (call.outcome === 'cancelled' || !speaker.handOver) throw err;
      return await this.handOver(speaker, sentence, call, err);
    } finally {
      call.settled();
      this.bill(call, sentence);
    }
  }

  /** The audio of one call: of a whole text, or of one still being written. */
  private synthesis(
    tts: TtsProvider,
    sentence: Sentence,
    call: SynthesisCall,
  ): AsyncIterable<Int16Array> {
    const { text } = sentence;
    if (typeof text === 'string') return tts.synthesize({ ...this.request(call), text });
    return synthesizeWritten(tts, { ...this.request(call), text });
  }

  /** What the chain is asked for `call`, but its text: the user's voice and pace, its hooks. */
  private request(call: SynthesisCall): Omit<TtsChainRequest, 'text'> {
    const { turn, spokenAs, failed } = this.o;
    return {
      signal: turn.signal,
      ...(spokenAs.voice === undefined ? {} : { voice: spokenAs.voice }),
      ...(spokenAs.speakingRate === undefined ? {} : { speakingRate: spokenAs.speakingRate }),
      ...(spokenAs.language === undefined ? {} : { language: spokenAs.language }),
      failed,
      onAttempt: (p) => call.attempt(p.id),
      onServed: (p, rateHz) => call.served(p.id, rateHz),
    };
  }

  /**
   * What a voice's failure does to the sentence, whenever it came: before the voice's first
   * audio the user heard nothing, and the next voice says the sentence without a word about it
   * (a chain has already tried its other voices by then; see {@link TurnVoice.failed}); after
   * it, what was begun ends, the sentence is announced again from this point and said from its
   * start after a pause, with a note. With no voice left the user is told once and the reply
   * goes on as text. True: the sentence is done with.
   */
  private async handOver(
    speaker: Speaker,
    sentence: Sentence,
    call: SynthesisCall,
    err: unknown,
  ): Promise<boolean> {
    const { turn, result } = this.o;
    // What arrived before the failure is sound audio (see PcmCheck): what was begun, ends.
    if (call.heard) await this.send(speaker, sentence, call, call.end());
    const next = speaker.voice.failed(err, call.speakerId, call.heard);
    if (next.kind === 'lost') {
      logFailure(turn.log, err, 'tts failed: the reply goes on as text');
      turn.output.error(next.notice);
      return true;
    }
    turn.log.warn(
      { err: describeError(err), provider: call.speakerId, heard: call.heard },
      'tts broke off mid-sentence: the next voice says it again',
    );
    if (call.heard) {
      // Said again from here (after a pause, with the next voice's first audio): told now, so
      // that an interrupt meanwhile claims none of the cut sentence's words. Not announced yet
      // (its text still being written): the cut audio claims none either, and it is announced
      // from where the next voice begins.
      if (sentence.announced)
        turn.output.segment(sentence.index, textSoFar(sentence), result.audioSamples);
      sentence.heardFrom = null;
      sentence.pauseOwed = true;
    }
    return false;
  }

  /** Sends a call's reply frames out, its first one as the call's first audio heard. */
  private async send(
    speaker: Speaker,
    sentence: Sentence,
    call: SynthesisCall,
    frames: readonly Int16Array[],
  ): Promise<void> {
    for (const frame of frames) {
      if (this.sliceUsedUp()) await this.letLoopTurn();
      if (!call.heard) this.firstHeard(speaker, sentence, call);
      else if (!sentence.announced) this.announce(sentence, false);
      this.emit(frame);
    }
  }

  /**
   * A call's first audio is about to go out: the note owed for a voice that broke off, the
   * sentence's announcement, the pause owed before a sentence said again, and — the turn's
   * first audio — its marks and timings.
   */
  private firstHeard(speaker: Speaker, sentence: Sentence, call: SynthesisCall): void {
    const { turn, result, startedAt } = this.o;
    call.heard = true;
    const note = speaker.voice.takeNote();
    if (note) turn.output.error(note);
    if (!sentence.announced) this.announce(sentence, false);
    if (sentence.pauseOwed) {
      for (const f of restartPause(turn.outputRateHz, this.framing.packetSamples)) this.emit(f);
      sentence.pauseOwed = false;
    }
    if (result.timings.relayFirstAudioMs !== undefined) return;
    const now = turn.now();
    result.marks.ttsFirstAudioAtMs = now;
    result.timings.ttsFirstAudioMs = Math.round((now - call.startedAt) * 10) / 10;
    result.timings.relayFirstAudioMs = Math.round((now - startedAt) * 10) / 10;
  }

  /**
   * Tells the client the sentence starts where its audio began — once its text is whole (`last`:
   * its call is over, its text as far as it was written).
   */
  private announce(sentence: Sentence, last: boolean): void {
    // An aside is announced as a segment of no words: its audio is no part of the reply's text.
    const whole = sentence.aside ? '' : announcedText(sentence, last);
    const from = sentence.heardFrom ?? this.o.result.audioSamples;
    if (whole === null) {
      sentence.heardFrom = from;
      return;
    }
    this.o.turn.output.segment(sentence.index, whole, from);
    sentence.announced = true;
    sentence.heardFrom = null;
  }

  private emit(frame: Int16Array): void {
    const { turn, result } = this.o;
    turn.output.audio(frame);
    result.audioSamples += frame.length;
    // The whole synthesis so far: its last frame is the reply's last audio.
    const sinceRequest = turn.now() - (result.marks.ttsRequestAtMs ?? turn.now());
    result.timings.ttsTotalMs = Math.round(sinceRequest * 10) / 10;
    const frameMs = (frame.length / turn.outputRateHz) * 1000;
    this.playedOutAt = Math.max(this.playedOutAt, turn.now()) + frameMs;
  }

  /**
   * This turn has framed for {@link SPEECH_SLICE_MS} since the loop last turned: measured across
   * calls, as a voice's audio arriving in small pieces, already queued, would otherwise run on
   * in microtasks and never let the loop turn.
   */
  private sliceUsedUp(): boolean {
    return performance.now() - this.sliceStartedAt >= SPEECH_SLICE_MS;
  }

  /** Lets other sessions' work run, then starts a new slice (unless the turn is over). */
  private async letLoopTurn(): Promise<void> {
    await nextTurnOfLoop();
    this.o.turn.signal.throwIfAborted();
    this.sliceStartedAt = performance.now();
  }

  /** Meters a call to the voice that served it (nobody when every voice failed before audio). */
  private bill(call: SynthesisCall, sentence: Sentence): void {
    const billedTo = call.billedTo();
    if (billedTo === null) return;
    const { turn } = this.o;
    // A text still being written when its call began: what had been written of it by the end.
    const usage =
      typeof sentence.text === 'string'
        ? call.usage
        : ttsUsage(billedTo, textSoFar(sentence), call.usage.speculative);
    turn.billing.record(turn.turnId, (turn.speculative?.usageSeq ?? 0) + call.seq, {
      ...usage,
      providerId: billedTo,
    });
  }
}

/** The budget refused a TTS call mid-reply. */
export class BudgetStop extends Error {
  constructor(readonly error: RelayError) {
    super(error.message);
  }
}
