import { describeError, type RelayError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { SpeechEndTimes } from '../observability/speech-end-times.ts';
import type { TurnObserver } from '../observability/turn-observer.ts';
import { runTurn, type TurnOptions, type TurnResult } from '../pipeline/turn.ts';
import type { TurnPreferences } from '../preferences/turn-preferences.ts';
import type { AsrStream, Providers, TtsProvider } from '../providers/types.ts';
import { ActiveTurn } from './active-turn.ts';
import type { SessionBilling } from './billing.ts';
import type { ConversationHistory } from './conversation-history.ts';
import type { ResumeState } from './resume-state.ts';
import { timedFromEnd, type TurnEnd } from './turn-end.ts';
import { leftForReplay } from './turn-fate.ts';
import type { TurnOutputs } from './turn-output.ts';
import type { TurnRecorder } from './turn-recorder.ts';
import type { Utterance } from './utterance.ts';

/** What the turns of a session work with (the session's other rooms, and what it decides). */
export interface TurnsDeps {
  sessionId: string;
  providers: Providers & { fallbackVoice?: TtsProvider };
  billing: SessionBilling;
  history: ConversationHistory;
  recorder: TurnRecorder;
  out: TurnOutputs;
  speechEnds: SpeechEndTimes;
  outputRateHz: number;
  timeZone: string | undefined;
  /** The user's preferences as turn `turnId` read them at its start (none: no preferences). */
  preferences?: (turnId: number) => Promise<TurnPreferences> | undefined;
  log: Logger;
  now: () => number;
  /** Tells the observer (metrics, dumps); never throws. */
  notify(tell: (observer: TurnObserver) => void): void;
  /** Whether the session is closing to be served elsewhere (see {@link leftForReplay}). */
  movingAway(): boolean;
  /** The highest microphone seq acknowledged so far. */
  ackedSeq(): number;
  /** Everything up to `seq` is durably handled. */
  acknowledge(seq: number): void;
  /** What a restarted relay needs, once turn `lastTurnId` is stored with `ackedSeq` acked. */
  resumeState(lastTurnId: number, ackedSeq: number): ResumeState;
  checkpoint(): Promise<void>;
  /** The budget stopped a turn: the session ends with this error. */
  fail(err: RelayError): void;
}

/** Produces a turn's result, under its signal; `recognized(at)` when the session waited for ASR. */
export type Answer = (
  signal: AbortSignal,
  recognized: (atMs: number) => void,
  log: Logger,
) => Promise<TurnResult>;

/**
 * The turns of a session: the one being answered (a new question supersedes it), how each is
 * run (what every run shares), and how it finishes — its timings from the end of the
 * utterance, the words heard of an interrupted reply, the history, `turn.done`, its record and
 * the acknowledgement of its audio. Typed and spoken turns take the one path of {@link answer}.
 */
export class Turns {
  private readonly active = new ActiveTurn();

  constructor(private readonly d: TurnsDeps) {}

  /**
   * Answers turn `turnId` (spoken: `u`; typed: null) under `abort`, superseding the answer still
   * being produced, then finishes it.
   */
  answer(
    turnId: number,
    traceId: string | undefined,
    u: Utterance | null,
    abort: AbortController,
    produce: Answer,
  ): void {
    // A new question supersedes an answer still being produced.
    this.active.stop('superseded by a new question');
    const log = this.d.log.child({ turnId, ...(traceId ? { traceId } : {}) });
    const clock = { endAt: this.d.out.startClock(turnId), asrAt: 0 };
    const done = produce(abort.signal, (atMs) => (clock.asrAt = atMs), log)
      .then((r) => {
        const noted = this.d.out.takeClock(turnId);
        const end: TurnEnd = {
          turnId,
          lastSeq: u ? u.lastSeq : this.d.ackedSeq(),
          traceId,
          audio: u ? u.turnAudio() : null,
          errors: noted?.errors ?? [],
        };
        return this.finish(end, timedFromEnd(r, clock, noted), log);
      })
      .catch((err: unknown) => log.error({ err: describeError(err) }, 'turn crashed'))
      .finally(() => u?.audio.release());
    this.active.start(turnId, abort, done);
  }

  /**
   * Runs turn `turnId` on `asr` (metering `audioMs` of recognition) with what every run shares;
   * `silent`: the reply is wanted as text only.
   */
  run(
    turnId: number,
    asr: AsrStream,
    audioMs: number,
    signal: AbortSignal,
    log: Logger,
    silent = false,
  ): Promise<TurnResult> {
    const output = this.d.out.for(turnId);
    return runTurn({ ...this.options(turnId, log), asr, audioMs, output, signal, silent });
  }

  /** Options every run of a turn shares (the real one and speculative ones). */
  options(
    turnId: number,
    log: Logger,
  ): Omit<TurnOptions, 'asr' | 'audioMs' | 'output' | 'signal' | 'speculative'> {
    const { providers, timeZone } = this.d;
    const preferences = this.d.preferences?.(turnId);
    return {
      turnId,
      billing: this.d.billing,
      history: this.d.history.snapshot(),
      providers,
      ...(providers.fallbackVoice ? { fallbackVoice: providers.fallbackVoice } : {}),
      outputRateHz: this.d.outputRateHz,
      ...(timeZone === undefined ? {} : { timeZone }),
      ...(preferences ? { preferences } : {}),
      log,
      now: this.d.now,
    };
  }

  /**
   * The user heard `turnId`'s reply up to `heard`: a turn whose result is taken (maybe still
   * being stored) has its record changed; a turn still running keeps it for its result.
   */
  interrupt(turnId: number, heard: string): void {
    if (this.d.history.truncate(turnId, heard)) this.d.recorder.truncate(turnId, heard);
    else this.active.interrupt(turnId, heard);
  }

  /** Whether `turnId` is being answered (its result not taken yet). */
  isAnswering(turnId: number): boolean {
    return this.active.isAnswering(turnId);
  }

  /** Stops the turn being answered, if any. */
  stop(reason: string): void {
    this.active.stop(reason);
  }

  /** Resolves when the turn being answered (if any) has finished and been recorded. */
  idle(): Promise<void> {
    return this.active.idle();
  }

  private async finish(end: TurnEnd, result: TurnResult, log: Logger): Promise<void> {
    const { d } = this;
    const { turnId, lastSeq, traceId } = end;
    const heard = this.active.takeHeard(turnId);
    const turn = { spoken: end.audio !== null, status: result.status };
    if (leftForReplay(turn, { movingAway: d.movingAway() })) {
      log.info('turn cut short by the move: left for the client to replay');
      await d.recorder.storeLooseUsage(turnId, 'usage of a turn left for replay');
      return;
    }
    // An interrupted reply counts as what the user heard of it.
    const r = heard === undefined ? result : { ...result, reply: heard };
    d.history.add({ turnId, transcript: r.transcript, reply: r.reply, status: r.status });
    log.info({ status: r.status, timings: r.timings, audioSamples: r.audioSamples }, 'turn done');
    const doneAtMs = d.now();
    // Nothing will play: no playback.started to pair the end of speech with.
    if (r.audioSamples === 0) d.speechEnds.forget(turnId);
    d.notify((o) =>
      o.turnFinished({
        sessionId: d.sessionId,
        turnId,
        ...(traceId ? { traceId } : {}),
        input: end.audio ? 'spoken' : 'typed',
        result: r,
        errors: end.errors,
        audio: end.audio,
        doneAtMs,
      }),
    );
    d.out.done(turnId, r, doneAtMs, traceId);
    const stored = await d.recorder.record(
      turnId,
      r,
      (lastTurnId) => d.resumeState(lastTurnId, Math.max(d.ackedSeq(), lastSeq)),
      heard !== undefined,
    );
    if (stored) {
      // The utterance is in storage: the client may forget its audio. (A cancelled turn is
      // acknowledged too: its audio was heard, and replaying it would only repeat it.)
      d.acknowledge(lastSeq);
      // Nothing was heard: no turn row carried the resume state.
      if (r.transcript === '') await d.checkpoint();
    }
    if (r.budgetStop) d.fail(r.budgetStop);
  }
}
