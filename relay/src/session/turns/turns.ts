import type { ClientMessage, Stage } from '@parley/shared';
import { logFailure } from '../../error-tracking/report-error.ts';
import type { Logger } from '../../log/logger.ts';
import { knownRecognition } from '../../pipeline/known-recognition.ts';
import { sayOwnLine } from '../../pipeline/own-line.ts';
import { runTurn, type TurnOptions, type TurnResult } from '../../pipeline/turn.ts';
import { pinProviders } from '../../providers/live-providers.ts';
import type { AsrStream } from '../../providers/stages/asr.ts';
import type { WatchedTurn } from '../../watchdogs/turn-watch.ts';
import { ActiveTurn } from './active-turn.ts';
import { answerUtterance, type AnswerDeps } from '../hearing/answer.ts';
import type { TappedAnswer } from '../tools/session-tools.ts';
import { TurnRetries } from './turn-retries.ts';
import { timedFromEnd, type TurnEnd, type TurnEndClock } from './turn-end.ts';
import { leftForReplay } from './turn-fate.ts';
import { spanTurnResult, timingAttributes } from './turn-spans.ts';
import { withToolbox } from '../tools/toolbox-llm.ts';
import type { TurnsDeps } from './turns-deps.ts';
import type { Utterance } from '../hearing/utterance.ts';

type UtteranceEndMessage = Extract<ClientMessage, { type: 'utterance.end' }>;

/** When the client says the user's speech ended and it sent the end of the turn (its clock). */
export type ClientEnd = Pick<UtteranceEndMessage, 'speechEndAtMs' | 'sentAtMs'>;

/** Longer than this between the end of speech and the end of the turn is a clock jump (ms). */
const MAX_END_OF_TURN_MS = 60_000;

/** Produces a turn's result, under its signal; `recognized(at)` when the session waited for ASR. */
export type Answer = (
  signal: AbortSignal,
  recognized: (atMs: number) => void,
  log: Logger,
) => Promise<TurnResult>;

/** One run of turn `turnId`: what it answers and how (see `Turns.run`). */
interface TurnRun {
  turnId: number;
  /** What the user said, as recognised (or a known recognition of typed or retried words). */
  asr: AsrStream;
  /** Recognition metered for the run (ms of audio; 0 for typed words). */
  audioMs: number;
  signal: AbortSignal;
  log: Logger;
  /** The reply is wanted as text only. */
  silent?: boolean;
  /** The turn is the user's tap on Confirm or Decline of a question. */
  tap?: TappedAnswer | undefined;
}

/**
 * The turns of a session: the one being answered (a new question supersedes it), how each is
 * run (what every run shares), and how it finishes — its timings from the end of the
 * utterance, the words heard of an interrupted reply, the history, `turn.done`, its record and
 * the acknowledgement of its audio. Typed and spoken turns take the one path of {@link answer}.
 */
export class Turns {
  private readonly active = new ActiveTurn();
  /** The turns being answered, as the turn watch sees them. */
  private readonly watched = new Map<number, WatchedTurn>();
  /** Closing to be served elsewhere (a restart, a hand-over): see {@link leftForReplay}. */
  private movingAway = false;
  /** What a retry asks again, and what it replaces. */
  private readonly retries = new TurnRetries();

  constructor(private readonly d: TurnsDeps) {}

  /**
   * The user finished `u` (their speech ended at `end.speechEndAtMs` and its end was sent at
   * `end.sentAtMs`, on their clock): it is answered — from its speculation if that heard the same
   * words (else it is dropped).
   */
  answerSpoken(u: Utterance, end: ClientEnd, drop: AnswerDeps['drop']): void {
    const { turnId } = u;
    this.d.speechEnds.record(turnId, end.speechEndAtMs);
    const waitedMs = end.sentAtMs - end.speechEndAtMs;
    // A client clock that jumped says nothing of its wait.
    const endOfTurnMs = waitedMs >= 0 && waitedMs <= MAX_END_OF_TURN_MS ? waitedMs : undefined;
    void this.answer(turnId, u.traceId, u, u.abort, endOfTurnMs, (signal, recognized, log) =>
      answerUtterance(u, signal, {
        run: (asr, audioMs) => this.run({ turnId, asr, audioMs, signal, log }),
        output: this.d.out.for(turnId),
        billing: this.d.billing,
        asrId: this.d.providers.asr.info.id,
        recognized,
        drop,
        promoted: () => this.d.notify((o) => o.speculation('promoted')),
        now: this.d.now,
        log,
      }),
    );
  }

  /**
   * The user typed `text`: a turn whose transcript is the text (no speech recognition),
   * answered as text only when `silent`; `tap`: the text is their tap on Confirm or Decline
   * of a question about calls awaiting their yes.
   */
  answerTyped(
    turnId: number,
    traceId: string | undefined,
    text: string,
    silent: boolean,
    tap?: TappedAnswer,
  ): void {
    const typed = knownRecognition({ result: { text, audioMs: 0 } });
    void this.answer(turnId, traceId, null, new AbortController(), undefined, (signal, _r, log) =>
      this.run({ turnId, asr: typed, audioMs: 0, signal, log, silent, tap }),
    );
  }

  /**
   * The user asked turn `retryOf`'s question again, as turn `turnId` (typed or spoken, its answer
   * failed or was a stand-in's): answered like a typed turn on the words the relay has of it — no
   * recognition again — from a history without the old exchange; once finished it replaces the
   * old turn in storage. A turn of which the relay has no words (one of an earlier conversation)
   * is asked as the page shows it (`text`).
   */
  answerRetry(
    turnId: number,
    traceId: string | undefined,
    retry: { retryOf: number; text: string },
    silent: boolean,
  ): void {
    const words = this.retries.retry(turnId, retry, (id) =>
      this.d.storedQuestion ? this.d.storedQuestion(id) : Promise.resolve(null),
    );
    this.d.history.remove(retry.retryOf);
    const ask: Answer = async (signal, _recognized, log) => {
      const asked = knownRecognition({ result: { text: await words, audioMs: 0 } });
      return this.run({ turnId, asr: asked, audioMs: 0, signal, log, silent });
    };
    void this.answer(turnId, traceId, null, new AbortController(), undefined, ask);
  }

  /**
   * The assistant says `line` as turn `turnId`, a turn of its own with no words of the user's
   * (the check-in of a silent call): in the user's voice, stored and shown like a reply.
   * Resolves once it is finished, with when its audio ends playing at the latest (relay clock),
   * or null when it was not heard whole (the user spoke over it, or the session moved away).
   */
  say(turnId: number, line: string): Promise<number | null> {
    return this.answer(
      turnId,
      undefined,
      null,
      new AbortController(),
      undefined,
      (signal, _r, log) =>
        sayOwnLine({
          ...this.options(turnId, log),
          output: this.d.out.for(turnId),
          signal,
          line,
        }),
    );
  }

  /**
   * Answers turn `turnId` (spoken: `u`, the client having waited `endOfTurnMs` after the speech
   * for the end of the turn; typed: null) under `abort`, superseding the answer still being
   * produced, then finishes it. Resolves as {@link finish} does (null: the turn crashed).
   */
  private answer(
    turnId: number,
    traceId: string | undefined,
    u: Utterance | null,
    abort: AbortController,
    endOfTurnMs: number | undefined,
    produce: Answer,
  ): Promise<number | null> {
    // A new question supersedes an answer still being produced.
    this.active.stop('superseded by a new question');
    const log = this.d.turnLog(turnId);
    const clock: TurnEndClock = {
      endAt: this.d.out.startClock(turnId),
      asrAt: 0,
      ...(endOfTurnMs === undefined ? {} : { endOfTurnMs }),
    };
    const watched = this.d.turnWatch?.track({
      sessionId: this.d.sessionId,
      turnId,
      spoken: u !== null,
      stop: (err) => this.active.fail(turnId, err),
    });
    if (watched) this.watched.set(turnId, watched);
    const recognized = (atMs: number) => {
      clock.asrAt = atMs;
      watched?.enter('llm');
    };
    let heardUntil: number | null = null;
    const done = produce(abort.signal, recognized, log)
      .then(async (result) => {
        // Stopped by the relay (it ran far too long): a failure, which the client is told of.
        const failure = this.active.takeFailure(turnId);
        if (failure) this.d.out.for(turnId).error(failure);
        const r: TurnResult = failure ? { ...result, status: 'failed' } : result;
        const noted = this.d.out.takeClock(turnId);
        const end: TurnEnd = {
          turnId,
          lastSeq: u ? u.lastSeq : this.d.ackedSeq(),
          traceId,
          audio: u ? u.turnAudio() : null,
          errors: noted?.errors ?? [],
        };
        heardUntil = await this.finish(end, timedFromEnd(r, clock, noted), log);
      })
      .catch((err: unknown) => logFailure(log, err, 'turn crashed'))
      .finally(() => {
        // Ended already when it finished: only a crashed turn's trace is still open.
        this.d.traces?.end(turnId, 'crashed');
        u?.audio.release();
        watched?.done();
        if (this.watched.get(turnId) === watched) this.watched.delete(turnId);
      });
    this.active.start(turnId, abort, done);
    return done.then(() => heardUntil);
  }

  /** Runs a turn with what every run shares (see {@link TurnRun}). */
  private run({
    turnId,
    asr,
    audioMs,
    signal,
    log,
    silent = false,
    tap,
  }: TurnRun): Promise<TurnResult> {
    const output = this.d.out.for(turnId);
    // The turn finishes on the chains it started on, even if an admin replaces them meanwhile.
    const pinned = pinProviders(this.d.providers);
    const options = this.options(turnId, log, pinned.providers, tap);
    const onStage = (stage: Stage) => this.watched.get(turnId)?.enter(stage);
    return runTurn({ ...options, asr, audioMs, output, signal, silent, onStage }).finally(
      pinned.release,
    );
  }

  /** Options every run of a turn shares (the real one and speculative ones). */
  options(
    turnId: number,
    log: Logger,
    providers: TurnsDeps['providers'] = this.d.providers,
    tap?: TappedAnswer,
  ): Omit<TurnOptions, 'asr' | 'audioMs' | 'output' | 'signal' | 'speculative'> {
    const { timeZone, opusReply, toolbox, lateFirstTokenMs } = this.d;
    const preferences = this.d.preferences?.(turnId);
    const tools = this.d.tools?.of(turnId, tap);
    const trace = this.d.traces?.of(turnId);
    return {
      turnId,
      billing: this.d.billing,
      history: this.d.history.snapshot(),
      providers: toolbox ? withToolbox(providers, toolbox) : providers,
      ...(providers.fallbackVoice ? { fallbackVoice: providers.fallbackVoice } : {}),
      outputRateHz: this.d.outputRateHz,
      ...(opusReply ? { opusReply } : {}),
      ...(timeZone === undefined ? {} : { timeZone }),
      ...(lateFirstTokenMs === undefined ? {} : { lateFirstTokenMs }),
      ...(preferences ? { preferences } : {}),
      ...(tools ? { tools } : {}),
      ...(trace ? { trace } : {}),
      log,
      now: this.d.now,
    };
  }

  /**
   * The user spoke over the reply of `turnId` after hearing `playedSamples` of it: stop it and
   * keep only the words they heard — in the history the LLM sees next, and in storage. A turn
   * whose result is taken (maybe still being stored) has its record changed; a turn still
   * running keeps the words for its result.
   */
  interrupt(turnId: number, playedSamples: number): void {
    const { d } = this;
    // A reply not one sentence of which was sent yet (still thinking) was heard not at all.
    const heard =
      d.out.heard(turnId, playedSamples) ?? (this.active.isAnswering(turnId) ? '' : null);
    if (heard === null) return;
    d.notify((o) => o.bargeIn());
    if (d.history.truncate(turnId, heard)) d.recorder.truncate(turnId, heard);
    else this.active.interrupt(turnId, heard);
    d.out.emit(turnId, (seq) => ({ type: 'reply.truncated', seq, turnId, heard }));
    d.turnLog(turnId).debug({ playedSamples, heardChars: heard.length }, 'reply interrupted');
  }

  /** The client started playing `turnId`'s reply at `playedAtMs`: its voice-to-voice time. */
  playbackStarted(turnId: number, playedAtMs: number): void {
    const seconds = this.d.speechEnds.take(turnId, playedAtMs);
    if (seconds === null) return;
    this.d.notify((o) => o.voiceToVoice(seconds));
    this.d.recorder.voiceToVoice(turnId, seconds * 1000);
  }

  /**
   * The session closes: the turn being answered (if any) stops. `movingAway`: to be served
   * elsewhere, so a spoken turn it cuts short is left for the client to replay.
   */
  close(reason: string, movingAway: boolean): void {
    this.movingAway = movingAway;
    this.active.stop(reason);
    this.d.speechEnds.clear();
  }

  /** Resolves when the turn being answered (if any) has finished and been recorded. */
  idle(): Promise<void> {
    return this.active.idle();
  }

  /** Whether a turn is being answered (its reply still being produced). */
  get answering(): boolean {
    return this.active.answering;
  }

  /**
   * Finishes a turn: history, `turn.done`, its record. Resolves with when its reply ends playing
   * at the latest (relay clock), or null when it was interrupted or left for a replay.
   */
  private async finish(end: TurnEnd, result: TurnResult, log: Logger): Promise<number | null> {
    const { d } = this;
    const { turnId, lastSeq, traceId } = end;
    const heard = this.active.takeHeard(turnId);
    const turn = { spoken: end.audio !== null, status: result.status };
    if (leftForReplay(turn, { movingAway: this.movingAway })) {
      log.info('turn cut short by the move: left for the client to replay');
      d.traces?.end(turnId, 'left for replay');
      await d.recorder.storeLooseUsage(turnId, 'usage of a turn left for replay');
      return null;
    }
    // An interrupted reply counts as what the user heard of it.
    const r = heard === undefined ? result : { ...result, reply: heard };
    d.tools?.finished(r);
    d.history.add({ turnId, transcript: r.transcript, reply: r.reply, status: r.status });
    const replaces = this.retries.finished(turnId, r.transcript);
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
    const audioMs = (r.audioSamples / d.outputRateHz) * 1000;
    // An interrupted reply stopped playing when the user spoke (that counted as speech).
    if (heard === undefined) d.replied?.(doneAtMs, audioMs);
    const traced = d.traces?.of(turnId);
    if (traced) spanTurnResult(traced, r);
    const storing = traced?.turn.stage('store turn');
    const stored = await d.recorder
      .record(
        turnId,
        r,
        (lastTurnId) => d.resumeState(lastTurnId, Math.max(d.ackedSeq(), lastSeq)),
        heard !== undefined,
        replaces,
      )
      .finally(() => storing?.end());
    if (stored) {
      // The utterance is in storage: the client may forget its audio. (A cancelled turn is
      // acknowledged too: its audio was heard, and replaying it would only repeat it.)
      d.acknowledge(lastSeq);
      // Nothing was heard: no turn row carried the resume state.
      if (r.transcript === '') await d.checkpoint();
    }
    d.traces?.end(turnId, r.status, timingAttributes(r.timings));
    if (r.budgetStop) d.fail(r.budgetStop);
    return heard === undefined ? doneAtMs + audioMs : null;
  }
}
